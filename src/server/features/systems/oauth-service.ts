import { createHash, randomBytes } from 'node:crypto';
import {
  type JWTPayload,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
} from 'jose';
import { z } from 'zod';
import { Id } from '../../../shared/contracts/common';
import type { Database } from '../../db/client';
import type { Actor, RequestOrigin } from '../../platform/actor';
import type { AccessTokenCache } from './access-token-cache';
import {
  type LiveAccessToken,
  findClientForAssertion,
  findLiveAccessToken,
  insertAccessToken,
  spendAssertion,
} from './systems-queries';
import {
  assertionAlgorithms,
  formatScope,
  grantScopes,
  parseScope,
  parseScopes,
} from './systems-rules';

/** How long an access token lives (SMART Backend Services recommends at most 5 minutes). */
export const accessTokenSeconds = 300;
/** The furthest ahead an assertion may expire (SMART: no more than five minutes). */
const assertionMaxSeconds = 300;
/** Clock difference between the client and us that the time checks tolerate. */
const clockToleranceSeconds = 60;

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 6749 §5.2: the error codes a token request can get, each with its HTTP status. */
export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

const statusOf: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_scope: 400,
  unsupported_grant_type: 400,
};

/** A refused token request, answered as RFC 6749 JSON `{ error, error_description }`. */
export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** Another status than the code's own (429 when over the rate limit). */
    status?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = status ?? statusOf[code];
  }
}

export type TokenResponse = {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
};

const TokenRequest = z.object({
  grant_type: z.string().optional(),
  client_assertion_type: z.string().optional(),
  client_assertion: z.string().max(16_384).optional(),
  client_id: z.string().optional(),
  scope: z.string().max(4_000).optional(),
});

/**
 * SMART Backend Services' token request (client_credentials with a private_key_jwt
 * assertion): checks the assertion against the client's registered keys, spends its jti,
 * and issues an opaque token for the requested scopes the client is allowed.
 * `tokenUrl` is the assertion's required audience.
 */
export async function issueAccessToken(
  db: Database,
  form: Record<string, unknown>,
  tokenUrl: string,
): Promise<TokenResponse> {
  const parsed = TokenRequest.safeParse(form);
  if (!parsed.success) throw new OAuthError('invalid_request', 'malformed parameters');
  const request = parsed.data;
  if (!request.grant_type) throw new OAuthError('invalid_request', 'grant_type is required');
  if (request.grant_type !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'only client_credentials is supported');
  }
  if (request.client_assertion_type !== jwtBearerAssertionType || !request.client_assertion) {
    throw new OAuthError(
      'invalid_request',
      `client_assertion_type must be ${jwtBearerAssertionType}`,
    );
  }
  if (!request.scope?.trim()) throw new OAuthError('invalid_request', 'scope is required');
  const requested = parseScopes(request.scope);
  if (!requested.ok)
    throw new OAuthError('invalid_scope', `unsupported scope: ${requested.invalid}`);

  const client = await verifyAssertion(db, request.client_assertion, request.client_id, tokenUrl);
  const allowed = client.allowedScopes.flatMap((text) => parseScope(text) ?? []);
  const granted = grantScopes(requested.scopes, allowed).map(formatScope);
  if (granted.length === 0) {
    throw new OAuthError('invalid_scope', 'none of the requested scopes is allowed to this client');
  }

  const token = randomBytes(32).toString('base64url');
  await insertAccessToken(db, {
    tokenHash: hashAccessToken(token),
    clientId: client.id,
    scopes: granted,
    expiresAt: new Date(Date.now() + accessTokenSeconds * 1000),
  });
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: accessTokenSeconds,
    scope: granted.join(' '),
  };
}

function invalidClient(): OAuthError {
  // One description for every failure: which check failed is for our logs, not the caller.
  return new OAuthError('invalid_client', 'client authentication failed');
}

/**
 * The client an assertion authenticates, or invalid_client: RS384/ES384 only, a kid and no
 * jku (we fetch no address a client names), iss = sub = a registered active client (and
 * client_id when sent), aud our token URL, exp at most 5 minutes ahead, jti unused.
 */
async function verifyAssertion(
  db: Database,
  assertion: string,
  formClientId: string | undefined,
  tokenUrl: string,
): Promise<AssertionClient> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    unverified = decodeJwt(assertion);
  } catch {
    throw invalidClient();
  }
  if (header.jku !== undefined || header.x5u !== undefined || header.jwk !== undefined)
    throw invalidClient();
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw invalidClient();
  if (!(assertionAlgorithms as readonly unknown[]).includes(header.alg)) throw invalidClient();
  const clientId = unverified.iss;
  if (!clientId || !Id.safeParse(clientId).success) throw invalidClient();
  if (formClientId !== undefined && formClientId !== clientId) throw invalidClient();

  const client = await findClientForAssertion(db, clientId);
  if (!client?.usable) throw invalidClient();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      issuer: clientId,
      subject: clientId,
      audience: tokenUrl,
      algorithms: [...assertionAlgorithms],
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch {
    throw invalidClient();
  }
  const { exp, jti } = payload;
  const now = Math.floor(Date.now() / 1000);
  if (exp === undefined || exp - now > assertionMaxSeconds) throw invalidClient();
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 255) throw invalidClient();
  const fresh = await spendAssertion(db, {
    clientId,
    jti,
    expiresAt: new Date((exp + clockToleranceSeconds) * 1000),
  });
  if (!fresh) throw invalidClient();
  return client;
}

type AssertionClient = NonNullable<Awaited<ReturnType<typeof findClientForAssertion>>>;

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** What a bearer token lets a request do: act as the system's account, within its scopes. */
export type SystemAccess = {
  actor: Actor;
  clientId: string;
  clientName: string;
  clientLocale: 'fr' | 'en';
  scopes: string[];
};

/** The token's access from the database, kept in the cache when nothing changed meanwhile. */
async function readAccessToken(
  db: Database,
  tokenHash: string,
  cache: AccessTokenCache | undefined,
): Promise<LiveAccessToken | undefined> {
  const stamp = cache?.stamp() ?? 0;
  const found = await findLiveAccessToken(db, tokenHash);
  if (found) cache?.keep(tokenHash, found, stamp);
  return found;
}

// Opaque tokens are 32 bytes in base64url: anything else is not one of ours.
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** The access a bearer token gives, or undefined when it is unknown, expired or its client stopped. */
export async function resolveAccessToken(
  db: Database,
  token: string,
  origin: RequestOrigin,
  cache?: AccessTokenCache,
): Promise<SystemAccess | undefined> {
  if (!tokenShape.test(token)) return undefined;
  const tokenHash = hashAccessToken(token);
  const found = cache?.find(tokenHash, new Date()) ?? (await readAccessToken(db, tokenHash, cache));
  if (!found) return undefined;
  return {
    actor: {
      accountId: found.accountId,
      email: found.email,
      displayName: found.displayName,
      locale: found.locale,
      grants: found.grants,
      twoFactorEnabled: false,
      twoFactorSetupRequired: false,
      // No session and no cookie: the token's hash stands for the session's key.
      sessionKey: `fhir:${tokenHash}`,
      csrfToken: '',
      origin,
    },
    clientId: found.clientId,
    clientName: found.clientName,
    clientLocale: found.clientLocale,
    scopes: found.scopes,
  };
}
