import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { type CryptoKey, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { expect } from 'vitest';
import type { FhirClient } from '../../src/shared/contracts/systems';
import type { Client, TestApp } from './app';

export const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A system's signing key: the private half it keeps, the public JWK an administrator registers. */
export type SystemKey = {
  alg: 'RS384' | 'ES384';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
};

export async function makeSystemKey(alg: 'RS384' | 'ES384' = 'RS384'): Promise<SystemKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `key-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk };
}

/** Registers a system through the administration API, as an administrator does. */
export async function registerSystem(
  administrator: Client,
  values: {
    siteIds: string[];
    keys: SystemKey[];
    allowedScopes?: string[];
    name?: string;
    /** The origins its subscriptions may notify. */
    endpointOrigins?: string[];
    locale?: 'fr' | 'en';
  },
): Promise<FhirClient> {
  const response = await administrator.post('/api/admin/systems', {
    name: values.name ?? `EHR ${randomUUID().slice(0, 8)}`,
    locale: values.locale ?? 'en',
    jwks: { keys: values.keys.map((key) => key.publicJwk) },
    allowedScopes: values.allowedScopes ?? ['system/Task.rs', 'system/ServiceRequest.c'],
    siteIds: values.siteIds,
    ...(values.endpointOrigins ? { endpointOrigins: values.endpointOrigins } : {}),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<FhirClient>();
}

export type AssertionOptions = {
  issuer?: string;
  subject?: string;
  audience?: string;
  /** Seconds from now. */
  expiresIn?: number;
  jti?: string;
  header?: Record<string, unknown>;
};

/** A client assertion as SMART Backend Services signs it, each claim overridable. */
export function signAssertion(
  clientId: string,
  key: SystemKey,
  tokenUrl: string,
  options: AssertionOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: options.jti ?? randomUUID() })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header })
    .setIssuer(options.issuer ?? clientId)
    .setSubject(options.subject ?? clientId)
    .setAudience(options.audience ?? tokenUrl)
    .setExpirationTime(now + (options.expiresIn ?? 240))
    .sign(key.privateKey);
}

/** POST /oauth/token with a form (or a body of another type when `contentType` says so). */
export function requestToken(
  t: TestApp,
  form: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<LightMyRequestResponse> {
  const payload =
    contentType === 'application/x-www-form-urlencoded'
      ? new URLSearchParams(form).toString()
      : JSON.stringify(form);
  return t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': contentType },
    payload,
  });
}

/** The form of a good token request. */
export function tokenForm(assertion: string, scope = 'system/Task.rs'): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: jwtBearer,
    client_assertion: assertion,
    scope,
  };
}

/** A token for a registered system (the token endpoint must answer 200). */
export async function systemToken(
  t: TestApp,
  client: { id: string },
  key: SystemKey,
  tokenUrl: string,
  scope = 'system/Task.rs',
): Promise<string> {
  const response = await requestToken(
    t,
    tokenForm(await signAssertion(client.id, key, tokenUrl), scope),
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ access_token: string }>().access_token;
}
