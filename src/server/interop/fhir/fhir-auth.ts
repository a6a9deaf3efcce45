import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client';
import { originOf } from '../../platform/actor';
import {
  type AccessTokenCache,
  type SystemAccess,
  resolveAccessToken,
  scopesAllow,
} from '../../features/systems';
import { FhirError } from './operation-outcome';

declare module 'fastify' {
  // Module augmentation only works with an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    /** The system a valid bearer token speaks for, with its granted scopes; null otherwise. */
    fhirAccess: SystemAccess | null;
    /** Whether an Authorization header came and was not a valid token of ours. */
    fhirTokenRefused: boolean;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyContextConfig {
    /** A FHIR route anyone may call (metadata, $validate, discovery): no token is read. */
    fhirPublic?: boolean;
  }
}

/**
 * Reads `Authorization: Bearer <token>` on every FHIR route but the public ones: a live
 * token of an active client becomes the request's actor (the system's account and its
 * grants) and its scopes. Whether a route needs it is the route's to say (requireScope).
 */
export function registerBearerAuth(
  app: FastifyInstance,
  db: Database,
  cache?: AccessTokenCache,
): void {
  app.decorateRequest('fhirAccess', null);
  app.decorateRequest('fhirTokenRefused', false);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header === undefined || request.routeOptions.config.fhirPublic) return;
    // Whatever it reads may be a person's record: no cache keeps it.
    reply.header('cache-control', 'no-store');
    const token = /^Bearer +([^\s]+)$/i.exec(header)?.[1];
    const access = token
      ? await resolveAccessToken(db, token, originOf(request), cache)
      : undefined;
    if (!access) {
      request.fhirTokenRefused = true;
      return;
    }
    request.fhirAccess = access;
    request.actor = access.actor;
  });
}

type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/**
 * The access of a request whose token grants `permission` on `resourceType` (a scope such
 * as system/Task.rs): 401 without a valid token, 403 when its scopes do not reach.
 */
export function requireScope(
  request: FastifyRequest,
  resourceType: string,
  permission: Permission,
): SystemAccess {
  const access = requireToken(request);
  if (!scopesAllow(access.scopes, resourceType, permission)) {
    const scope = `system/${resourceType}.${permission}`;
    throw new FhirError(
      403,
      [{ code: 'forbidden', message: { key: 'scope_missing', params: { scope } } }],
      { 'www-authenticate': `Bearer realm="fhir", error="insufficient_scope", scope="${scope}"` },
    );
  }
  return access;
}

/** The access of a request with a valid token, whatever its scopes; 401 otherwise. */
export function requireToken(request: FastifyRequest): SystemAccess {
  const access = request.fhirAccess;
  if (!access) {
    throw new FhirError(
      401,
      [
        {
          code: 'login',
          message: {
            key: request.fhirTokenRefused ? 'bearer_token_invalid' : 'bearer_token_required',
          },
        },
      ],
      {
        'www-authenticate': request.fhirTokenRefused
          ? 'Bearer realm="fhir", error="invalid_token"'
          : 'Bearer realm="fhir"',
      },
    );
  }
  return access;
}
