import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../shared/locale';
import type { Role } from '../../shared/roles';
import { AppError } from './errors';

export type RequestOrigin = { ip: string | null; userAgent: string | null };
export type Grant = { role: Role; siteId: string | null };

/** The signed-in person acting through one request: who, with which roles, from where. */
export type Actor = {
  accountId: string;
  email: string;
  displayName: string;
  locale: Locale | null;
  grants: Grant[];
  twoFactorEnabled: boolean;
  twoFactorSetupRequired: boolean;
  sessionKey: string;
  csrfToken: string;
  origin: RequestOrigin;
};

/** Where a person's session counts: nowhere else is it read, nor a staff session there. */
export const personApiPrefix = '/api/person/';

/**
 * A person referred, signed in to their own space by an emailed link (features/person-space):
 * no account, no role, no site; it reaches only that person's own record, and only through
 * the /api/person/ routes, which read no staff session (and staff routes read no person's).
 */
export type PersonActor = {
  personId: string;
  /** The case whose invitation opened the session. */
  caseId: string;
  locale: Locale;
  sessionKey: string;
  csrfToken: string;
  origin: RequestOrigin;
};

declare module 'fastify' {
  // Module augmentation only works with an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    actor: Actor | null;
    person: PersonActor | null;
    locale: Locale;
  }
}

export function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip || null, userAgent: userAgent ? userAgent.slice(0, 300) : null };
}

/**
 * The actor of a signed-in request. Until a required two-factor setup is done, only the
 * routes that finish it (allowPendingTwoFactor) accept the session.
 */
export function requireActor(
  request: FastifyRequest,
  options: { allowPendingTwoFactor?: boolean } = {},
): Actor {
  const actor = request.actor;
  if (!actor) throw new AppError('unauthenticated');
  if (actor.twoFactorSetupRequired && !options.allowPendingTwoFactor) {
    throw new AppError('two_factor_setup_required');
  }
  return actor;
}

export function hasRole(actor: Actor, role: Role, siteId?: string): boolean {
  return actor.grants.some((g) => g.role === role && (siteId === undefined || g.siteId === siteId));
}

export function siteIdsOf(actor: Actor): string[] {
  return [...new Set(actor.grants.flatMap((g) => (g.siteId ? [g.siteId] : [])))];
}

/** The person of a request to their own space; any other caller is unauthenticated there. */
export function requirePerson(request: FastifyRequest): PersonActor {
  if (!request.person) throw new AppError('unauthenticated');
  return request.person;
}
