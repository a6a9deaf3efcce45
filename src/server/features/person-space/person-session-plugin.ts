import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import { originOf, personApiPrefix } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { personSessionMaxHours, resolvePersonSession } from './person-space-service';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function personCookieName(config: Pick<Config, 'cookieSecure'>): string {
  // The __Host- prefix pins the cookie to this host and path, but browsers require Secure for it.
  return config.cookieSecure ? '__Host-passerelle-person' : 'passerelle-person';
}

export function setPersonCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(personCookieName(config), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    maxAge: personSessionMaxHours * 3600,
  });
}

export function clearPersonCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(personCookieName(config), {
    path: '/',
    secure: config.cookieSecure,
    sameSite: 'lax',
  });
}

/**
 * Resolves the person of a request to /api/person/ from their own cookie (the language stays
 * the one their page asks in), and holds their writes to the session's CSRF token (the staff session plugin has
 * already checked that an unsafe request comes from our own origin).
 */
export const personSessionPlugin = fp<AppContext>(async (app: FastifyInstance, { db, config }) => {
  app.decorateRequest('person', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(personApiPrefix)) return;
    const token = request.cookies[personCookieName(config)];
    if (!token) return;
    const person = await resolvePersonSession(db, token, originOf(request));
    if (!person) return;
    request.person = person;
    if (
      !safeMethods.has(request.method) &&
      !matches(request.headers['x-csrf-token'], person.csrfToken)
    )
      throw new AppError('csrf_failed');
  });
});

function matches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
