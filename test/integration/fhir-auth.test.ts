import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapabilityStatement, OperationOutcome } from '@medplum/fhirtypes';
import {
  accounts,
  auditEvents,
  fhirAccessTokens,
  fhirClientAssertions,
  notifications,
  outboundEmails,
  roleGrants,
} from '../../src/server/db/schema';
import { registerBearerAuth, requireScope } from '../../src/server/interop/fhir/fhir-auth';
import { sendFhirError } from '../../src/server/interop/fhir/fhir-errors';
import { queueEmail } from '../../src/server/platform/mail/outbox';
import type { AccountList } from '../../src/shared/contracts/accounts';
import type { FhirClient, FhirClientList } from '../../src/shared/contracts/systems';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import {
  type SystemKey,
  jwtBearer,
  makeSystemKey,
  registerSystem,
  requestToken,
  signAssertion,
  systemToken,
  tokenForm,
} from '../helpers/fhir-systems';

/*
 * SMART Backend Services (interop/fhir/DESIGN.md §5): administrators register systems, a
 * system trades a signed assertion for a token at /oauth/token, and the token lets FHIR
 * routes act as the system's account within its scopes.
 */

const publicUrl = 'https://passerelle.example';
const tokenUrl = `${publicUrl}/oauth/token`;

let t: TestApp;
let administrator: Client;
let siteId: string;
let key: SystemKey;
let system: FhirClient;
/** A bare app with the FHIR bearer hook and one route that needs system/Task.r. */
let probe: FastifyInstance;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const admin = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  administrator = await signedInClient(t.app, admin);
  siteId = (await makeSite(t.database.db)).id;
  key = await makeSystemKey('RS384');
  system = await registerSystem(administrator, { siteIds: [siteId], keys: [key] });
  probe = Fastify();
  await probe.register(async (app) => {
    app.setErrorHandler(sendFhirError);
    registerBearerAuth(app, t.database.db);
    app.get('/Task', (request) => {
      const access = requireScope(request, 'Task', 'r');
      return {
        accountId: request.actor?.accountId,
        grants: access.actor.grants,
        scopes: access.scopes,
      };
    });
  });
  await probe.ready();
});
afterAll(async () => {
  await probe.close();
  await t.close();
});

async function tokenCount(): Promise<number> {
  return t.database.db.$count(fhirAccessTokens);
}

function readTask(token?: string) {
  return probe.inject({
    method: 'GET',
    url: '/Task',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('POST /oauth/token', () => {
  it('issues an opaque 5-minute token for the requested scopes the system is allowed', async () => {
    const before = await tokenCount();
    const response = await requestToken(
      t,
      tokenForm(
        await signAssertion(system.id, key, tokenUrl),
        'system/Task.read system/Patient.rs',
      ),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<Record<string, unknown>>();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]{43}$/),
      token_type: 'bearer',
      expires_in: 300,
      scope: 'system/Task.rs',
    });
    expect(await tokenCount()).toBe(before + 1);
    // Only its hash is kept.
    const [row] = await t.database.db
      .select()
      .from(fhirAccessTokens)
      .where(sql`${fhirAccessTokens.tokenHash} = ${body.access_token}`);
    expect(row).toBeUndefined();
  });

  it('takes an ES384 assertion too, and client_id when it names the issuer', async () => {
    const ecKey = await makeSystemKey('ES384');
    const ec = await registerSystem(administrator, { siteIds: [siteId], keys: [ecKey] });
    const form = { ...tokenForm(await signAssertion(ec.id, ecKey, tokenUrl)), client_id: ec.id };
    expect((await requestToken(t, form)).statusCode).toBe(200);
  });

  it('takes the key a system rotated to, among several registered', async () => {
    const [oldKey, newKey] = [await makeSystemKey(), await makeSystemKey()];
    const rotating = await registerSystem(administrator, {
      siteIds: [siteId],
      keys: [oldKey, newKey],
    });
    expect(
      (await requestToken(t, tokenForm(await signAssertion(rotating.id, newKey, tokenUrl))))
        .statusCode,
    ).toBe(200);
  });

  describe('refuses a bad assertion with invalid_client, and issues nothing', () => {
    const header = (fields: Record<string, unknown>) => base64url.encode(JSON.stringify(fields));
    const cases: [string, () => Promise<string>][] = [
      [
        'signed with another key under the registered kid',
        async () => {
          const impostor = await makeSystemKey();
          return signAssertion(system.id, { ...impostor, kid: key.kid }, tokenUrl);
        },
      ],
      [
        'naming an unknown kid',
        () => signAssertion(system.id, key, tokenUrl, { header: { kid: 'not-registered' } }),
      ],
      [
        'naming no kid',
        () => signAssertion(system.id, key, tokenUrl, { header: { kid: undefined } }),
      ],
      [
        'unsigned (alg none)',
        async () => {
          const now = Math.floor(Date.now() / 1000);
          const claims = {
            iss: system.id,
            sub: system.id,
            aud: tokenUrl,
            exp: now + 200,
            jti: randomUUID(),
          };
          return `${header({ alg: 'none', kid: key.kid })}.${header(claims)}.`;
        },
      ],
      [
        'signed with HS256',
        () =>
          new SignJWT({ jti: randomUUID() })
            .setProtectedHeader({ alg: 'HS256', kid: key.kid })
            .setIssuer(system.id)
            .setSubject(system.id)
            .setAudience(tokenUrl)
            .setExpirationTime('3m')
            .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!')),
      ],
      [
        'for another audience',
        () =>
          signAssertion(system.id, key, tokenUrl, { audience: 'https://elsewhere.example/token' }),
      ],
      [
        // Another client registered the same key, so only iss ≠ sub gives it away.
        'from an issuer that is not the client',
        async () => {
          const twin = await registerSystem(administrator, { siteIds: [siteId], keys: [key] });
          return signAssertion(system.id, key, tokenUrl, { issuer: twin.id });
        },
      ],
      [
        'about a subject that is not the client',
        () => signAssertion(system.id, key, tokenUrl, { subject: randomUUID() }),
      ],
      [
        'expiring more than 5 minutes ahead',
        () => signAssertion(system.id, key, tokenUrl, { expiresIn: 600 }),
      ],
      ['expired', () => signAssertion(system.id, key, tokenUrl, { expiresIn: -120 })],
      [
        'with a jku header',
        () =>
          signAssertion(system.id, key, tokenUrl, {
            header: { jku: 'https://attacker.example/jwks.json' },
          }),
      ],
      [
        'from an unknown client',
        () => {
          const stranger = randomUUID();
          return signAssertion(stranger, key, tokenUrl);
        },
      ],
      ['that is not a JWT', () => Promise.resolve('not.a.jwt')],
    ];

    it.each(cases)('%s', async (_name, assertion) => {
      const before = await tokenCount();
      const response = await requestToken(t, tokenForm(await assertion()));
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json()).toEqual({
        error: 'invalid_client',
        error_description: expect.any(String),
      });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(await tokenCount()).toBe(before);
    });
  });

  it('refuses a replayed assertion (its jti spent)', async () => {
    const assertion = await signAssertion(system.id, key, tokenUrl);
    expect((await requestToken(t, tokenForm(assertion))).statusCode).toBe(200);
    const before = await tokenCount();
    const replay = await requestToken(t, tokenForm(assertion));
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: string }>().error).toBe('invalid_client');
    expect(await tokenCount()).toBe(before);
  });

  it('refuses a client_id other than the issuer', async () => {
    const form = {
      ...tokenForm(await signAssertion(system.id, key, tokenUrl)),
      client_id: randomUUID(),
    };
    expect((await requestToken(t, form)).json<{ error: string }>().error).toBe('invalid_client');
  });

  it('refuses a deactivated system', async () => {
    const stoppedKey = await makeSystemKey();
    const stopped = await registerSystem(administrator, { siteIds: [siteId], keys: [stoppedKey] });
    const deactivated = await administrator.post(`/api/admin/systems/${stopped.id}/deactivate`, {
      version: stopped.version,
    });
    expect(deactivated.statusCode).toBe(200);
    const before = await tokenCount();
    const response = await requestToken(
      t,
      tokenForm(await signAssertion(stopped.id, stoppedKey, tokenUrl)),
    );
    expect(response.statusCode).toBe(401);
    expect(response.json<{ error: string }>().error).toBe('invalid_client');
    expect(await tokenCount()).toBe(before);
  });

  it('refuses another grant type with unsupported_grant_type', async () => {
    const form = {
      ...tokenForm(await signAssertion(system.id, key, tokenUrl)),
      grant_type: 'password',
    };
    const response = await requestToken(t, form);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: string }>().error).toBe('unsupported_grant_type');
  });

  it('refuses another assertion type, a missing assertion or scope with invalid_request', async () => {
    const assertion = await signAssertion(system.id, key, tokenUrl);
    const forms: Record<string, string>[] = [
      { ...tokenForm(assertion), client_assertion_type: 'urn:other' },
      {
        grant_type: 'client_credentials',
        client_assertion_type: jwtBearer,
        scope: 'system/Task.rs',
      },
      {
        grant_type: 'client_credentials',
        client_assertion_type: jwtBearer,
        client_assertion: assertion,
      },
    ];
    for (const form of forms) {
      const response = await requestToken(t, form);
      expect(response.statusCode, JSON.stringify(form)).toBe(400);
      expect(response.json<{ error: string }>().error).toBe('invalid_request');
    }
  });

  it('refuses a body that is not a form with invalid_request', async () => {
    const assertion = await signAssertion(system.id, key, tokenUrl);
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
      const before = await tokenCount();
      const response = await requestToken(t, tokenForm(assertion), type);
      expect(response.statusCode, type).toBe(400);
      expect(response.json<{ error: string }>().error).toBe('invalid_request');
      expect(await tokenCount()).toBe(before);
    }
    // The assertion was never looked at: it still works.
    expect((await requestToken(t, tokenForm(assertion))).statusCode).toBe(200);
  });

  it('refuses a parameter sent twice', async () => {
    const assertion = await signAssertion(system.id, key, tokenUrl);
    const payload = `${new URLSearchParams(tokenForm(assertion)).toString()}&scope=system/Task.r`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: string }>().error).toBe('invalid_request');
  });

  it('refuses scopes it does not understand or does not allow with invalid_scope', async () => {
    for (const scope of [
      'system/Task.rs?status=requested',
      'patient/Task.read',
      'system/Patient.rs',
    ]) {
      const response = await requestToken(
        t,
        tokenForm(await signAssertion(system.id, key, tokenUrl), scope),
      );
      expect(response.statusCode, scope).toBe(400);
      expect(response.json<{ error: string }>().error).toBe('invalid_scope');
    }
  });

  it('limits requests per address and per client, as public forms are', async () => {
    const limited = await startTestApp({ PUBLIC_FORM_RATE_PER_MINUTE: '3' });
    try {
      const post = (ip: string, clientId: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/oauth/token',
          remoteAddress: ip,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ grant_type: 'password', client_id: clientId }).toString(),
        });
      // One address, a client each time: the address's budget runs out.
      for (let i = 0; i < 3; i += 1) {
        expect((await post('203.0.113.7', randomUUID())).statusCode).toBe(400);
      }
      const byAddress = await post('203.0.113.7', randomUUID());
      expect(byAddress.statusCode).toBe(429);
      expect(byAddress.headers['cache-control']).toBe('no-store');
      expect(byAddress.json<{ error: string }>().error).toBe('invalid_request');
      // One client from four addresses: the client's budget runs out.
      const clientId = randomUUID();
      for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        expect((await post(ip, clientId)).statusCode).toBe(400);
      }
      expect((await post('198.51.100.4', clientId)).statusCode).toBe(429);
      expect((await post('198.51.100.5', randomUUID())).statusCode).toBe(400);
    } finally {
      await limited.close();
    }
  });

  it('keeps the spent jti until it expires, then the purge removes it', async () => {
    const jti = randomUUID();
    await requestToken(t, tokenForm(await signAssertion(system.id, key, tokenUrl, { jti })));
    const spent = () =>
      t.database.db.$count(
        fhirClientAssertions,
        and(eq(fhirClientAssertions.clientId, system.id), eq(fhirClientAssertions.jti, jti)),
      );
    expect(await spent()).toBe(1);
    await t.runJob('systems.purge');
    expect(await spent()).toBe(1);
    await t.database.db
      .update(fhirClientAssertions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(fhirClientAssertions.jti, jti));
    await t.runJob('systems.purge');
    expect(await spent()).toBe(0);
  });
});

describe('a bearer token on a FHIR route', () => {
  it('acts as the system’s account, with its referrer grants and the granted scopes', async () => {
    const token = await systemToken(t, system, key, tokenUrl);
    const response = await readTask(token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      accountId: system.accountId,
      grants: [{ role: 'referrer', siteId }],
      scopes: ['system/Task.rs'],
    });
  });

  it('is required: none gets 401 with WWW-Authenticate: Bearer and an OperationOutcome', async () => {
    const response = await readTask();
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    const outcome = response.json<OperationOutcome>();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.code).toBe('login');
  });

  it('is refused when unknown, as invalid_token', async () => {
    for (const token of ['x'.repeat(43), 'not a token', '']) {
      const response = await probe.inject({
        method: 'GET',
        url: '/Task',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(401);
    }
    const response = await readTask('y'.repeat(43));
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers 403 when its scopes do not reach', async () => {
    const writer = await registerSystem(administrator, {
      siteIds: [siteId],
      keys: [key],
      allowedScopes: ['system/ServiceRequest.c'],
    });
    const token = await systemToken(t, writer, key, tokenUrl, 'system/ServiceRequest.c');
    const response = await readTask(token);
    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.json<OperationOutcome>().issue[0]?.code).toBe('forbidden');
  });

  it('stops working once expired', async () => {
    const token = await systemToken(t, system, key, tokenUrl);
    const [row] = await t.database.db
      .select({ createdAt: fhirAccessTokens.createdAt, expiresAt: fhirAccessTokens.expiresAt })
      .from(fhirAccessTokens)
      .orderBy(sql`${fhirAccessTokens.createdAt} desc`)
      .limit(1);
    const lifetime = (row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0);
    expect(Math.abs(lifetime - 300_000)).toBeLessThan(5_000);
    expect((await readTask(token)).statusCode).toBe(200);
    // Five minutes on: the token's expiry has passed.
    await t.database.db
      .update(fhirAccessTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(fhirAccessTokens.clientId, system.id));
    expect((await readTask(token)).statusCode).toBe(401);
  });

  it('stops working when its system is deactivated', async () => {
    const ownKey = await makeSystemKey();
    const soon = await registerSystem(administrator, { siteIds: [siteId], keys: [ownKey] });
    const token = await systemToken(t, soon, ownKey, tokenUrl);
    expect((await readTask(token)).statusCode).toBe(200);
    const deactivated = await administrator.post(`/api/admin/systems/${soon.id}/deactivate`, {
      version: soon.version,
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json<FhirClient>().active).toBe(false);
    expect((await readTask(token)).statusCode).toBe(401);
  });

  it('is not read on public routes: metadata answers whatever the token', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/metadata',
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(response.statusCode).toBe(200);
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/NoSuchThing',
      headers: { authorization: `Bearer ${'z'.repeat(43)}` },
    });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
  });
});

describe('discovery', () => {
  it('serves /.well-known/smart-configuration', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/.well-known/smart-configuration',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toMatchObject({
      token_endpoint: tokenUrl,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
      scopes_supported: expect.any(Array),
    });
  });

  it('names the token endpoint in the CapabilityStatement’s security', async () => {
    const statement = (
      await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })
    ).json<CapabilityStatement>();
    const security = statement.rest?.[0]?.security;
    expect(security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
    expect(security?.extension?.[0]).toEqual({
      url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
      extension: [{ url: 'token', valueUri: tokenUrl }],
    });
  });

  it('without PUBLIC_URL, takes the token endpoint from the request’s host', async () => {
    const local = await startTestApp();
    try {
      const response = await local.app.inject({
        method: 'GET',
        url: '/fhir/R4/.well-known/smart-configuration',
        headers: { host: 'fhir.test:8443' },
      });
      expect(response.json<{ token_endpoint: string }>().token_endpoint).toBe(
        'http://fhir.test:8443/oauth/token',
      );
    } finally {
      await local.close();
    }
  });
});

describe('the system account', () => {
  async function accountOf(client: FhirClient) {
    const [row] = await t.database.db
      .select()
      .from(accounts)
      .where(eq(accounts.id, client.accountId));
    if (!row) throw new Error('no system account');
    return row;
  }

  it('is of kind system, with an address no message reaches', async () => {
    const account = await accountOf(system);
    expect(account.kind).toBe('system');
    expect(account.email).toMatch(/\.invalid$/);
  });

  it('cannot sign in, whatever the password', async () => {
    const account = await accountOf(system);
    for (const password of ['', account.passwordHash, 'correct horse battery staple']) {
      const response = await new Client(t.app).post('/api/auth/sign-in', {
        email: account.email,
        password: password || 'x',
      });
      expect(response.statusCode).toBe(401);
      expect(errorOf(response).code).toBe('invalid_credentials');
    }
  });

  it('cannot have a password reset sent', async () => {
    const account = await accountOf(system);
    const response = await new Client(t.app).post('/api/auth/password-reset-requests', {
      email: account.email,
    });
    expect(response.statusCode).toBe(204);
    expect(
      await t.database.db.$count(outboundEmails, eq(outboundEmails.recipient, account.email)),
    ).toBe(0);
  });

  it('gets no email and no notification, even one addressed to it', async () => {
    const account = await accountOf(system);
    const id = await t.database.db.transaction((tx) =>
      queueEmail(tx, {
        kind: 'case.closed_summary',
        to: account.email,
        subject: 'Summary',
        text: 'Closed',
        notify: { params: { reference: 'R-1' } },
      }),
    );
    expect(id).toBeNull();
    expect(
      await t.database.db.$count(outboundEmails, eq(outboundEmails.recipient, account.email)),
    ).toBe(0);
    expect(await t.database.db.$count(notifications, eq(notifications.accountId, account.id))).toBe(
      0,
    );
  });

  it('is left out of the administration of accounts', async () => {
    const account = await accountOf(system);
    const listed = await administrator.get(
      `/api/accounts?search=${encodeURIComponent(account.email)}`,
    );
    expect(listed.json<AccountList>().items).toEqual([]);
    expect((await administrator.get(`/api/accounts/${account.id}`)).statusCode).toBe(404);
    const grant = await administrator.post(`/api/accounts/${account.id}/grants`, {
      role: 'administrator',
      siteId: null,
    });
    expect(grant.statusCode).toBe(404);
    const password = await administrator.post(`/api/accounts/${account.id}/password`, {
      newPassword: 'a long new passphrase',
    });
    expect(password.statusCode).toBe(404);
  });
});

describe('the administration of systems', () => {
  it('normalises allowed scopes to v2, one per type', async () => {
    const made = await registerSystem(administrator, {
      siteIds: [siteId],
      keys: [key],
      allowedScopes: ['system/Task.read', 'system/Task.c', 'system/Patient.*'],
    });
    expect(made.allowedScopes).toEqual(['system/Patient.cruds', 'system/Task.crs']);
    expect(made.siteIds).toEqual([siteId]);
    expect(made.active).toBe(true);
  });

  it('refuses a private key, an unknown scope or site', async () => {
    const body = (changes: Record<string, unknown>) => ({
      name: 'Refused EHR',
      locale: 'fr',
      jwks: { keys: [key.publicJwk] },
      allowedScopes: ['system/Task.rs'],
      siteIds: [siteId],
      ...changes,
    });
    const privateJwk = { ...key.publicJwk, d: 'secret-part' };
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ jwks: { keys: [privateJwk] } }, 400, 'jwks_invalid'],
      [{ jwks: { keys: [{ ...key.publicJwk, n: 'AQAB' }] } }, 400, 'jwks_invalid'],
      [{ allowedScopes: ['system/Task.sr'] }, 400, 'scope_invalid'],
      [{ allowedScopes: ['user/Task.rs'] }, 400, 'validation_failed'],
      [{ siteIds: [randomUUID()] }, 404, 'not_found'],
    ];
    for (const [changes, status, code] of refusals) {
      const response = await administrator.post('/api/admin/systems', body(changes));
      expect(response.statusCode, JSON.stringify(changes)).toBe(status);
      expect(errorOf(response).code).toBe(code);
    }
    const list = (await administrator.get('/api/admin/systems')).json<FhirClientList>();
    expect(list.items.map((item) => item.name)).not.toContain('Refused EHR');
  });

  it('changes its sites (its referrer grants), its name and scopes, and audits each step', async () => {
    const otherSiteId = (await makeSite(t.database.db)).id;
    const ownKey = await makeSystemKey();
    const made = await registerSystem(administrator, { siteIds: [siteId], keys: [ownKey] });
    const token = await systemToken(t, made, ownKey, tokenUrl);
    const changed = await administrator.patch(`/api/admin/systems/${made.id}`, {
      version: made.version,
      name: 'Renamed EHR',
      siteIds: [otherSiteId],
      allowedScopes: ['system/Task.r'],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<FhirClient>()).toMatchObject({
      name: 'Renamed EHR',
      siteIds: [otherSiteId],
      allowedScopes: ['system/Task.r'],
      version: made.version + 1,
    });
    const grants = await t.database.db
      .select({ role: roleGrants.role, siteId: roleGrants.siteId })
      .from(roleGrants)
      .where(eq(roleGrants.accountId, made.accountId));
    expect(grants).toEqual([{ role: 'referrer', siteId: otherSiteId }]);
    // New scopes end the tokens granted under the old ones.
    expect((await readTask(token)).statusCode).toBe(401);
    const stale = await administrator.patch(`/api/admin/systems/${made.id}`, {
      version: made.version,
      name: 'Late',
    });
    expect(stale.statusCode).toBe(409);
    const actions = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'fhir_client'), eq(auditEvents.subjectId, made.id)))
      .orderBy(auditEvents.id);
    expect(actions.map((a) => a.action)).toEqual(['system.created', 'system.updated']);
    const deactivated = await administrator.post(`/api/admin/systems/${made.id}/deactivate`, {
      version: made.version + 1,
    });
    expect(deactivated.statusCode).toBe(200);
    const [last] = await t.database.db
      .select({ action: auditEvents.action, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'fhir_client'), eq(auditEvents.subjectId, made.id)))
      .orderBy(sql`${auditEvents.id} desc`)
      .limit(1);
    expect(last?.action).toBe('system.deactivated');
  });
});
