import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundEmails } from '../../src/server/db/schema';
import type { MeasurementLink } from '../../src/shared/contracts/outcomes';
import { Client, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeCase, makeSite } from '../helpers/factories';
import { invitableCase, invitationToken } from '../helpers/person-space';
import { makeSystemKey, registerSystem, signAssertion, tokenForm } from '../helpers/fhir-systems';
import {
  type Operation,
  type PublicOperation,
  operationOf,
  operations,
  publicOperations,
  routes,
} from './permission-routes';

/*
 * Every operation of the OpenAPI document has a row in permission-routes.ts, and every row
 * is an operation of the document: a new route fails here until a matrix tests who may call
 * it, or it is given a reason to be public. The public ones are called anonymously here, to
 * show they really are public (and what they answer).
 */

let t: TestApp;
let documented: string[];
let homeSiteId: string;
let administrator: Client;
let linkWorker: Client;

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

beforeAll(async () => {
  // Single sign-on set up, so its routes are in the document; the provider is never reached.
  t = await startTestApp({
    OIDC_ISSUER: 'http://127.0.0.1:9/',
    OIDC_CLIENT_ID: 'passerelle',
    // Texts are queued, never delivered here: the address answers nothing.
    SMS_PROVIDER: 'twilio',
    SMS_API_URL: 'http://127.0.0.1:9',
    SMS_ACCOUNT_SID: 'AC0123456789',
    SMS_AUTH_TOKEN: 'route-coverage-token',
    SMS_FROM: '+15145550100',
  });
  const document = (
    await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
  ).json<OpenAPIV3.Document>();
  documented = Object.entries(document.paths).flatMap(([path, item]) =>
    methods.filter((method) => item?.[method]).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const db = t.database.db;
  homeSiteId = (await makeSite(db)).id;
  administrator = await signedIn([{ role: 'administrator' }]);
  linkWorker = await signedIn([{ role: 'link_worker', siteId: homeSiteId }]);
});
afterAll(() => t.close());

async function signedIn(grants: Parameters<typeof makeAccount>[1]): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = await signedInClient(t.app, account);
  return client;
}

const registry = 'test/integration/permission-routes.ts';

describe('the permission registry', () => {
  it('has a row for every operation of the OpenAPI document', () => {
    const known = new Set<string>(operations);
    expect(
      documented.filter((operation) => !known.has(operation)),
      `operations of the OpenAPI document with no row in ${registry}: give each a matrix, or a reason to be public`,
    ).toEqual([]);
  });

  it('names only operations of the OpenAPI document', () => {
    expect(
      operations.filter((operation) => !documented.includes(operation)),
      `rows of ${registry} naming no operation of the OpenAPI document (renamed or removed?)`,
    ).toEqual([]);
  });

  it('finds every route the app serves in the OpenAPI document, but the document itself', () => {
    const served = servedRoutes(t.app);
    const inDocument = new Set(documented.map(anyParameter));
    // The sanity of servedRoutes: it finds every documented operation.
    expect([...inDocument].filter((operation) => !served.includes(operation))).toEqual([]);
    expect(
      served.filter(
        (route) => !inDocument.has(route) && !/^GET \/api\/(openapi\.json$|docs(\/|$))/.test(route),
      ),
      `routes the app serves that the OpenAPI document leaves out (schema.hide?): ${registry} cannot see them`,
    ).toEqual([]);
  });

  it('matches a request to the operation the router picks', () => {
    expect(operationOf('GET', '/api/cases/triage?siteId=x')).toBe('GET /api/cases/triage');
    expect(operationOf('GET', '/api/cases/1234')).toBe('GET /api/cases/{id}');
    expect(operationOf('GET', '/api/cases/1234/plan')).toBe('GET /api/cases/{caseId}/plan');
    expect(operationOf('POST', '/api/cases/triage')).toBeUndefined();
  });
});

/** A request to a path in the form the router lists it, with any parameter written `{}`. */
function anyParameter(operation: string): string {
  return operation.replace(/\{[^}]+\}/g, '{}');
}

/**
 * Every route the app serves, as 'METHOD /path' with its parameters written `{}`, read from
 * Fastify's own tree of routes (HEAD answers every GET by itself, so it is left out).
 */
function servedRoutes(app: FastifyInstance): string[] {
  const found: string[] = [];
  const segments: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const [, indent = '', segment = '', listed = ''] = match;
    segments.length = indent.length / 4;
    segments.push(segment.replace(/:\w+(\|:\w+)*/g, '{}'));
    for (const method of listed.split(', ').filter((m) => m && m !== 'HEAD')) {
      found.push(`${method} ${segments.join('')}`);
    }
  }
  return [...new Set(found)];
}

type Probe = {
  /** The address, parameters filled in. */
  url: () => Promise<string> | string;
  body?: () => Promise<unknown> | unknown;
  headers?: Record<string, string>;
  status: number;
};

/** A case of the home site, assigned to the link worker. */
async function assignedCase(): Promise<string> {
  const { id } = await makeCase(t.database.db, homeSiteId);
  const taken = await linkWorker.post(`/api/cases/${id}/take`, { version: 1 });
  expect(taken.statusCode, taken.body).toBe(200);
  return id;
}

/** A case of the home site whose person said yes to support: links to answer start then. */
async function acceptedCase(): Promise<string> {
  const id = await assignedCase();
  const accepted = await linkWorker.post(`/api/cases/${id}/status`, { to: 'active', version: 2 });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return id;
}

/** A genuine questionnaire link, made by the link worker for the person to answer. */
async function questionnaireToken(): Promise<string> {
  const made = await linkWorker.post(`/api/cases/${await acceptedCase()}/measurement-links`, {
    instrumentIds: ['ucla3'],
    timepoint: 'baseline',
    sendByEmail: false,
  });
  expect(made.statusCode, made.body).toBe(201);
  const token = made.json<MeasurementLink>().url.split('/questionnaire/')[1];
  if (!token) throw new Error('no questionnaire token');
  return token;
}

/** A genuine emailed link to accept a connection, as the partner receives it. */
async function connectionLinkToken(): Promise<string> {
  const caseId = await acceptedCase();
  const partnerEmail = `${randomUUID()}@partner.example`;
  const proposed = await linkWorker.post(`/api/cases/${caseId}/connections`, {
    organisationName: 'Choir',
    activity: 'Singing',
    personWants: 'Sing',
    partnerEmail,
  });
  expect(proposed.statusCode, proposed.body).toBe(201);
  const { id, version } = proposed.json<{ id: string; version: number }>();
  const sent = await linkWorker.post(`/api/connections/${id}/status`, { to: 'sent', version });
  expect(sent.statusCode, sent.body).toBe(200);
  const [email] = await t.database.db
    .select({ text: outboundEmails.text })
    .from(outboundEmails)
    .where(eq(outboundEmails.recipient, partnerEmail));
  const token = /\/respond\/([\w.-]+)/.exec(email?.text ?? '')?.[1];
  if (!token) throw new Error('no link in the email to the partner');
  return token;
}

/** A genuine link to set a new password, as its account receives it (the token in the fragment). */
async function passwordResetToken(): Promise<string> {
  const { email } = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
  const asked = await new Client(t.app).post('/api/auth/password-reset-requests', { email });
  expect(asked.statusCode, asked.body).toBe(204);
  const [sent] = await t.database.db
    .select({ text: outboundEmails.text })
    .from(outboundEmails)
    .where(eq(outboundEmails.recipient, email));
  const token = /\/reset-password#([\w-]+)/.exec(sent?.text ?? '')?.[1];
  if (!token) throw new Error('no link in the email to reset the password');
  return token;
}

let directory: Promise<Record<string, string>> | undefined;

/** One id of each kind of HSDS record, after the administrator imports a small directory. */
function hsdsIds(): Promise<Record<string, string>> {
  directory ??= (async () => {
    const imported = await administrator.post('/api/directory/imports', {
      format: 'json',
      files: {
        'services.json': JSON.stringify([
          {
            id: randomUUID(),
            name: 'Community choir',
            status: 'active',
            organization: { id: randomUUID(), name: 'Club', description: 'A club' },
            service_at_locations: [
              { id: randomUUID(), location: { id: randomUUID(), location_type: 'physical' } },
            ],
          },
        ]),
      },
    });
    expect(imported.json<{ status: string }>().status).toBe('imported');
    const ids: Record<string, string> = {};
    const kinds = ['services', 'organizations', 'service_at_locations', 'taxonomies'];
    for (const kind of [...kinds, 'taxonomy_terms']) {
      const list = await new Client(t.app).get(`/hsds/${kind}`);
      const first = list.json<{ contents: { id: string }[] }>().contents[0];
      if (!first) throw new Error(`no HSDS ${kind} to read`);
      ids[kind] = first.id;
    }
    return ids;
  })();
  return directory;
}

async function hsdsUrl(kind: string): Promise<string> {
  return `/hsds/${kind}/${(await hsdsIds())[kind] ?? ''}`;
}

/** What an anonymous caller sends to each public operation, and what it answers. */
const probes = {
  'GET /healthz': { url: () => '/healthz', status: 200 },
  'GET /readyz': { url: () => '/readyz', status: 200 },
  'GET /api/client-settings': { url: () => '/api/client-settings', status: 200 },
  'POST /api/auth/sign-in': {
    url: () => '/api/auth/sign-in',
    body: async () => {
      const { email, password } = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
      return { email, password };
    },
    status: 200,
  },
  // Both answer with the sign-in page saying why not: no provider here, no attempt there.
  'GET /api/auth/sso/start': { url: () => '/api/auth/sso/start', status: 303 },
  'GET /api/auth/sso/callback': { url: () => '/api/auth/sso/callback?state=x&code=y', status: 303 },
  'POST /api/auth/password-reset-requests': {
    url: () => '/api/auth/password-reset-requests',
    body: () => ({ email: 'anyone@example.org' }),
    status: 204,
  },
  'POST /api/auth/password-resets': {
    url: () => '/api/auth/password-resets',
    body: async () => ({ token: await passwordResetToken(), newPassword: 'a long new passphrase' }),
    status: 204,
  },
  'GET /api/public/sites': { url: () => '/api/public/sites', status: 200 },
  'POST /api/public/self-referrals': {
    url: () => '/api/public/self-referrals',
    body: () => ({
      siteId: homeSiteId,
      person: {
        givenName: 'Sam',
        familyName: 'Taylor',
        dateOfBirth: '1990-11-02',
        preferredLanguage: 'en',
        contactPreference: 'phone',
        phone: '819-555-0101',
      },
      reasons: ['low_mood_stress'],
      consent: true,
    }),
    status: 201,
  },
  'GET /api/links/{token}': {
    url: async () => `/api/links/${await connectionLinkToken()}`,
    status: 200,
  },
  'POST /api/links/{token}': {
    url: async () => `/api/links/${await connectionLinkToken()}`,
    body: () => ({}),
    status: 200,
  },
  'GET /api/questionnaires/{token}': {
    url: async () => `/api/questionnaires/${await questionnaireToken()}`,
    status: 200,
  },
  'POST /api/questionnaires/{token}': {
    url: async () => `/api/questionnaires/${await questionnaireToken()}`,
    body: () => ({ answers: { ucla3: { companionship: 1, left_out: 2, isolated: 1 } } }),
    status: 200,
  },
  'POST /api/person/sign-in': {
    url: () => '/api/person/sign-in',
    body: async () => {
      const made = await invitableCase(t);
      const invited = await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
      expect(invited.statusCode, invited.body).toBe(201);
      return { token: await invitationToken(t, made.email ?? '') };
    },
    status: 200,
  },
  'POST /api/person/sign-in-codes': {
    url: () => '/api/person/sign-in-codes',
    body: () => ({ phone: '06 98 76 54 32' }),
    status: 202,
  },
  // A number nobody has, or a wrong code: the same refusal.
  'POST /api/person/sign-in/code': {
    url: () => '/api/person/sign-in/code',
    body: () => ({ phone: '06 98 76 54 32', code: '123456' }),
    status: 400,
  },
  'GET /hsds/': { url: () => '/hsds/', status: 200 },
  'GET /hsds/services': { url: () => '/hsds/services', status: 200 },
  'GET /hsds/services/{id}': { url: () => hsdsUrl('services'), status: 200 },
  'GET /hsds/organizations': { url: () => '/hsds/organizations', status: 200 },
  'GET /hsds/organizations/{id}': { url: () => hsdsUrl('organizations'), status: 200 },
  'GET /hsds/service_at_locations': { url: () => '/hsds/service_at_locations', status: 200 },
  'GET /hsds/service_at_locations/{id}': {
    url: () => hsdsUrl('service_at_locations'),
    status: 200,
  },
  'GET /hsds/taxonomies': { url: () => '/hsds/taxonomies', status: 200 },
  'GET /hsds/taxonomies/{id}': { url: () => hsdsUrl('taxonomies'), status: 200 },
  'GET /hsds/taxonomy_terms': { url: () => '/hsds/taxonomy_terms', status: 200 },
  'GET /hsds/taxonomy_terms/{id}': { url: () => hsdsUrl('taxonomy_terms'), status: 200 },
  'GET /fhir/R4/metadata': { url: () => '/fhir/R4/metadata', status: 200 },
  'GET /fhir/R4/.well-known/smart-configuration': {
    url: () => '/fhir/R4/.well-known/smart-configuration',
    status: 200,
  },
  'POST /oauth/token': {
    url: () => '/oauth/token',
    body: async () => {
      const key = await makeSystemKey();
      const system = await registerSystem(administrator, { siteIds: [homeSiteId], keys: [key] });
      const tokenUrl = 'http://localhost:80/oauth/token';
      return new URLSearchParams(tokenForm(await signAssertion(system.id, key, tokenUrl)));
    },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 200,
  },
  'POST /fhir/R4/{resourceType}/$validate': {
    url: () => '/fhir/R4/Patient/$validate',
    body: () => ({ resourceType: 'Patient', gender: 'female' }),
    status: 200,
  },
} satisfies Record<PublicOperation, Probe>;

describe('the public operations', () => {
  it('each have a probe', () => {
    expect(Object.keys(probes).sort()).toEqual(publicOperations().sort());
  });

  it.each(publicOperations().map((operation) => [operation, routes[operation].public]))(
    '%s answers an anonymous caller (%s)',
    async (operation) => {
      const probe: Probe = probes[operation as PublicOperation];
      const method = operation.split(' ')[0] as 'GET' | 'POST';
      const url = await probe.url();
      expect(operationOf(method, url)).toBe(operation satisfies Operation);
      const body = await probe.body?.();
      const response: LightMyRequestResponse = await new Client(t.app).request(
        method,
        url,
        body instanceof URLSearchParams ? body.toString() : body,
        probe.headers,
      );
      expect(response.statusCode, response.body.slice(0, 300)).toBe(probe.status);
    },
  );
});
