import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import { defaultLocale, negotiateLocale } from '../../../shared/locale';
import type { Config } from '../../config';
import { originOf, personApiPrefix } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { SessionCache } from './session-cache';
import { resolveSession } from './session-service';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(config: Pick<Config, 'cookieSecure'>): string {
  // The __Host- prefix pins the cookie to this host and path, but browsers require Secure for it.
  return config.cookieSecure ? '__Host-passerelle-session' : 'passerelle-session';
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    maxAge: config.session.maxHours * 3600,
  });
}

/** Holds a single sign-on attempt's state between leaving for the provider and coming back. */
export function ssoStateCookieName(config: Pick<Config, 'cookieSecure'>): string {
  return config.cookieSecure ? '__Host-passerelle-sso' : 'passerelle-sso';
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    secure: config.cookieSecure,
    sameSite: 'lax',
  });
}

/**
 * The API's writes that can change what a session may do (sign-in and out, passwords,
 * two-factor, accounts and their grants, sites and their two-factor rule): this instance
 * forgets its cached sessions as it answers them, before the database's notice arrives.
 */
const sessionChangingPaths = [
  '/api/auth/',
  '/api/me',
  '/api/accounts',
  '/api/sites',
  '/api/organisations',
];

/**
 * Resolves the actor and language of every request, and guards cookie sessions against
 * cross-site request forgery: an unsafe method must come from our own origin and carry
 * the session's CSRF token.
 */
export const sessionPlugin = fp<AppContext & { sessionCache?: SessionCache }>(
  async (app: FastifyInstance, { db, config, sessionCache }) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('locale', defaultLocale);
    app.addHook('onRequest', async (request) => {
      request.locale = negotiateLocale(request.headers['accept-language']) ?? defaultLocale;
      if (!request.url.startsWith('/api/')) return;
      const unsafe = !safeMethods.has(request.method);
      if (unsafe && !isSameOrigin(request, config)) throw new AppError('csrf_failed');
      // A person's own space reads only their session (features/person-space), never staff's.
      if (request.url.startsWith(personApiPrefix)) return;
      const token = request.cookies[sessionCookieName(config)];
      if (!token) return;
      const actor = await resolveSession(db, config, token, originOf(request), sessionCache);
      if (!actor) return;
      request.actor = actor;
      request.locale = actor.locale ?? request.locale;
      if (unsafe && !matchesToken(request.headers['x-csrf-token'], actor.csrfToken)) {
        throw new AppError('csrf_failed');
      }
    });
    if (!sessionCache) return;
    app.addHook('onSend', async (request, reply) => {
      if (safeMethods.has(request.method) || reply.statusCode >= 400) return;
      if (sessionChangingPaths.some((path) => request.url.startsWith(path)))
        sessionCache.forgetAll();
    });
  },
);

function isSameOrigin(request: FastifyRequest, config: Config): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // non-browser clients and same-origin GET-initiated forms omit it
  try {
    return new URL(origin).origin === appOriginOf(request, config);
  } catch {
    return false;
  }
}

/**
 * Scheme, host and port, as browsers compare origins: an https page is not an http app on the
 * same host. Without PUBLIC_URL, an app whose cookie is HTTPS-only is served over HTTPS (a
 * proxy in front may speak plain HTTP to it).
 */
export function appOriginOf(
  request: FastifyRequest,
  config: Pick<Config, 'publicUrl' | 'cookieSecure'>,
): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const scheme = config.cookieSecure ? 'https' : request.protocol;
  return new URL(`${scheme}://${request.headers.host ?? ''}`).origin;
}

function matchesToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
