import type { LightMyRequestResponse } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src/shared/contracts/common';
import { resources } from '../../src/shared/locales';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeOrganisation, makeSite, type TestAccount } from '../helpers/factories';
import { yearAhead } from '../helpers/site-day';
const inFourYears = yearAhead(4);

let t: TestApp;
let administrator: TestAccount;
let target: TestAccount;
let organisation: { id: string };
let site: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  administrator = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  target = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
  organisation = await makeOrganisation(t.database.db);
  site = await makeSite(t.database.db, { organisationId: organisation.id });
});
afterAll(() => t.close());

async function signedInAdministrator(language = 'en'): Promise<Client> {
  const client = new Client(t.app, language);
  expect((await client.signIn(administrator.email, administrator.password)).statusCode).toBe(200);
  return client;
}

/** The catalogue's message, with the placeholders the server fills from its settings. */
function catalogued(language: 'fr' | 'en', code: string): unknown {
  const messages: Record<string, unknown> = resources[language].errors;
  const message = messages[code];
  return typeof message === 'string'
    ? message.replace('{{minutes}}', String(t.config.signIn.lockMinutes))
    : message;
}

function fieldMessage(language: 'fr' | 'en', key: string): string {
  const field = resources[language].errors.field as Record<string, string>;
  return field[key] ?? '';
}

/** A client error in the one error shape, with nothing of the server's insides. */
function expectCleanError(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(ErrorBody.safeParse(response.json()).success).toBe(true);
  expect(errorOf(response).code).toBe(code);
  expect(response.body).not.toMatch(/node_modules|FST_ERR|\bat .+:\d+:\d+|Error:/);
}

function postRaw(
  client: Client,
  url: string,
  payload: string,
  contentType: string | undefined,
): Promise<LightMyRequestResponse> {
  return client.request(
    'POST',
    url,
    payload,
    contentType === undefined ? {} : { 'content-type': contentType },
  );
}

describe('bodies that cannot be read', () => {
  it('answers malformed JSON with a 400', async () => {
    const client = new Client(t.app);
    for (const payload of ['{"email":', '{email: "a"}', "{'a': 1}", '[1,]', 'undefined']) {
      const response = await postRaw(client, '/api/auth/sign-in', payload, 'application/json');
      expectCleanError(response, 400, 'bad_request');
    }
  });

  it('answers an empty body sent as JSON with a 400', async () => {
    const response = await postRaw(new Client(t.app), '/api/auth/sign-in', '', 'application/json');
    expectCleanError(response, 400, 'bad_request');
  });

  it('refuses a body that is not JSON with a 415', async () => {
    const client = new Client(t.app);
    const contentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml'];
    for (const contentType of contentTypes) {
      const response = await postRaw(
        client,
        '/api/auth/sign-in',
        'email=a&password=b',
        contentType,
      );
      expectCleanError(response, 415, 'unsupported_media_type');
    }
    const untyped = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: Buffer.from('{"email":"a","password":"b"}'),
    });
    expectCleanError(untyped, 415, 'unsupported_media_type');
  });

  it('refuses a body said to be in another charset than UTF-8 with a 415, and changes nothing', async () => {
    const client = await signedInAdministrator();
    const latin1 = Buffer.from(JSON.stringify({ name: 'Café Latin', kind: 'programme' }), 'latin1');
    const utf16 = Buffer.from(
      JSON.stringify({ name: 'Utf Sixteen', kind: 'programme' }),
      'utf16le',
    );
    for (const [payload, contentType] of [
      [latin1, 'application/json; charset=latin1'],
      [latin1, 'application/json; charset="ISO-8859-1"'],
      [utf16, 'application/json; charset=utf-16'],
    ] as const) {
      const response = await client.request('POST', '/api/organisations', payload, {
        'content-type': contentType,
      });
      expectCleanError(response, 415, 'unsupported_charset');
    }
    const said = await client.request(
      'POST',
      '/api/organisations',
      JSON.stringify({ name: 'Said Utf8', kind: 'programme' }),
      { 'content-type': 'application/json; charset=UTF-8' },
    );
    expect(said.statusCode).toBe(201);
    const names = (await client.get('/api/organisations')).json<{ items: { name: string }[] }>();
    const stored = names.items.map((o) => o.name);
    expect(stored).toContain('Said Utf8');
    expect(stored.filter((name) => /Latin|Sixteen/.test(name))).toEqual([]);
  });

  it('refuses a body said to be compressed with a 415, and one that is not UTF-8 with a 400', async () => {
    const client = await signedInAdministrator();
    const plain = JSON.stringify({ name: 'Plain Said Gzip', kind: 'programme' });
    for (const coding of ['gzip', 'br', 'deflate']) {
      const response = await client.request('POST', '/api/organisations', plain, {
        'content-type': 'application/json',
        'content-encoding': coding,
      });
      expectCleanError(response, 415, 'unsupported_content_encoding');
    }
    const broken = Buffer.concat([
      Buffer.from('{"name":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from('","kind":"programme"}'),
    ]);
    const response = await client.request('POST', '/api/organisations', broken, {
      'content-type': 'application/json',
    });
    expectCleanError(response, 400, 'body_not_utf8');
    const names = (await client.get('/api/organisations')).json<{ items: { name: string }[] }>();
    expect(names.items.map((o) => o.name).filter((n) => /Plain|Caf/.test(n))).toEqual([]);
  });

  it('refuses a body over 1 MiB with a 413', async () => {
    const payload = JSON.stringify({ email: 'x'.repeat(1_100_000), password: 'y' });
    const response = await postRaw(
      new Client(t.app),
      '/api/auth/sign-in',
      payload,
      'application/json',
    );
    expectCleanError(response, 413, 'payload_too_large');
  });

  it('survives a very deeply nested body', async () => {
    const payload = '['.repeat(200_000) + ']'.repeat(200_000);
    const response = await postRaw(
      new Client(t.app),
      '/api/auth/sign-in',
      payload,
      'application/json',
    );
    expectCleanError(response, 400, 'validation_failed');
  });
});

describe('bodies that do not fit', () => {
  it('names each unknown field of a strict body', async () => {
    const client = await signedInAdministrator();
    const response = await client.patch('/api/me', {
      displayName: 'Ann',
      isAdmin: true,
      role: 'x',
    });
    expectCleanError(response, 400, 'validation_failed');
    expect(errorOf(response)).toMatchObject({
      field: 'isAdmin',
      issues: [
        { field: 'isAdmin', message: 'This field is not accepted: isAdmin.' },
        { field: 'role', message: 'This field is not accepted: role.' },
      ],
    });
    const nested = await client.post('/api/accounts', {
      email: 'new.person@example.org',
      displayName: 'New Person',
      password: 'a long enough passphrase',
      grants: [{ role: 'evaluator', expiresAt: `${inFourYears}-01-01` }],
    });
    expect(errorOf(nested).issues).toEqual([
      { field: 'grants.0.expiresAt', message: 'This field is not accepted: expiresAt.' },
    ]);
  });

  it('names fields of the wrong type, missing or out of range', async () => {
    const client = await signedInAdministrator();
    const response = await client.post('/api/organisations', { name: 42 });
    expectCleanError(response, 400, 'validation_failed');
    expect(errorOf(response).issues).toEqual([
      { field: 'name', message: 'This value has the wrong type.' },
      { field: 'kind', message: 'This field is required.' },
    ]);
    const missing = await client.post(`/api/accounts/${target.id}/password`, {});
    expect(errorOf(missing).issues).toEqual([
      { field: 'newPassword', message: 'This field is required.' },
    ]);
    const overflow = await client.patch(`/api/accounts/${target.id}`, { version: 2 ** 31 });
    expectCleanError(overflow, 400, 'validation_failed');
    expect(errorOf(overflow).field).toBe('version');
    const notAnObject = await postRaw(client, '/api/organisations', '[1, 2]', 'application/json');
    expectCleanError(notAnObject, 400, 'validation_failed');
  });

  it('refuses text holding a NUL character, which the database cannot store', async () => {
    const client = await signedInAdministrator();
    const body = await client.post('/api/organisations', {
      name: 'Nul\u0000Org',
      kind: 'programme',
    });
    expectCleanError(body, 400, 'validation_failed');
    expect(errorOf(body).field).toBe('name');
    const query = await client.get('/api/accounts?search=a%00b');
    expectCleanError(query, 400, 'validation_failed');
    expect(errorOf(query).field).toBe('search');
    const signIn = await new Client(t.app).signIn('a\u0000@example.org', 'password');
    expectCleanError(signIn, 400, 'validation_failed');
  });

  it('refuses text holding half of a UTF-16 pair, which would be stored as U+FFFD', async () => {
    const client = await signedInAdministrator();
    for (const name of ['Half \\ud800 Org', 'Other \\udfff half']) {
      const response = await postRaw(
        client,
        '/api/organisations',
        `{"name":"${name}","kind":"programme"}`,
        'application/json',
      );
      expectCleanError(response, 400, 'validation_failed');
      expect(errorOf(response).issues).toEqual([
        {
          field: 'name',
          message: fieldMessage('en', 'lone_surrogate'),
        },
      ]);
    }
    const french = await postRaw(
      await signedInAdministrator('fr'),
      '/api/organisations',
      '{"name":"Demi \\ud83c","kind":"programme"}',
      'application/json',
    );
    expect(errorOf(french).issues?.[0]?.message).toBe(fieldMessage('fr', 'lone_surrogate'));
    const whole = await postRaw(
      client,
      '/api/organisations',
      '{"name":"Whole \\ud83c\\udf3f Org","kind":"programme"}',
      'application/json',
    );
    expect(whole.statusCode).toBe(201);
    const names = (await client.get('/api/organisations')).json<{ items: { name: string }[] }>();
    const stored = names.items.map((o) => o.name);
    expect(stored).toContain('Whole 🌿 Org');
    expect(stored.filter((n) => /Half|half|Demi|\uFFFD/.test(n))).toEqual([]);
  });

  it('answers bad identifiers in paths with a 400', async () => {
    const client = await signedInAdministrator();
    const notUuid = await client.patch('/api/accounts/not-a-uuid', { version: 1 });
    expectCleanError(notUuid, 400, 'validation_failed');
    expect(errorOf(notUuid)).toMatchObject({
      field: 'id',
      issues: [{ field: 'id', message: 'This is not a valid identifier.' }],
    });
    const grant = await client.delete(`/api/accounts/${target.id}/grants/42`);
    expect(errorOf(grant).field).toBe('grantId');
    expectCleanError(await client.get('/api/accounts/%E0%A4%A'), 400, 'bad_request');
    const tooLong = await client.get(`/api/accounts/${'a'.repeat(150)}`);
    expect(tooLong.statusCode).toBeGreaterThanOrEqual(400);
    expectCleanError(tooLong, tooLong.statusCode, 'bad_request');
  });

  it('answers unknown routes under /api with a JSON 404', async () => {
    const client = await signedInAdministrator();
    const attempts: [method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string][] = [
      ['GET', '/api/nothing-here'],
      ['PUT', '/api/accounts'],
      ['DELETE', '/api/me'],
      ['POST', '/api/accounts/extra/segments/here'],
    ];
    for (const [method, url] of attempts) {
      expectCleanError(await client.request(method, url), 404, 'route_not_found');
    }
  });
});

describe('error messages', () => {
  const cases: [label: string, send: (client: Client) => Promise<LightMyRequestResponse>][] = [
    ['malformed JSON', (c) => postRaw(c, '/api/auth/sign-in', '{', 'application/json')],
    ['a form body', (c) => postRaw(c, '/api/auth/sign-in', 'a=b', 'text/plain')],
    ['an unknown route', (c) => c.get('/api/nothing-here')],
    ['a malformed address', (c) => c.get('/api/accounts/%E0%A4%A')],
    ['no session', (c) => c.get('/api/accounts')],
    ['wrong credentials', (c) => c.signIn('nobody@example.org', 'wrong password')],
    ['a missing field', (c) => c.post('/api/auth/sign-in', {})],
  ];

  it.each([
    ['fr', 'fr'],
    ['fr-CA,fr;q=0.9', 'fr'],
    ['en-GB', 'en'],
    ['de-DE,de;q=0.9', 'en'],
  ] as const)('are in the caller’s language (Accept-Language: %s)', async (header, expected) => {
    for (const [label, send] of cases) {
      const response = await send(new Client(t.app, header));
      const error = errorOf(response);
      expect(response.statusCode, label).toBeLessThan(500);
      expect(error.message, label).toBe(catalogued(expected, error.code));
    }
  });

  it('name each field with a human sentence in the caller’s language', async () => {
    const client = await signedInAdministrator('fr');
    const response = await client.post('/api/accounts', {
      email: 'not an email',
      displayName: '',
      password: 'short',
      grants: [{ role: 'wizard' }],
    });
    expectCleanError(response, 400, 'validation_failed');
    expect(errorOf(response)).toMatchObject({
      message: 'Certains champs demandent votre attention.',
      field: 'email',
      issues: [
        { field: 'email', message: 'Saisissez une adresse courriel valide.' },
        { field: 'displayName', message: 'Ce champ est obligatoire.' },
        { field: 'password', message: 'Doit contenir au moins 12 caractères.' },
        {
          field: 'grants.0.role',
          message: expect.stringMatching(/^Choisissez parmi\u202f: referrer, .*administrator\.$/),
        },
      ],
    });
  });
});

/** Small, seeded generator: the same bodies on every run, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly [T, ...T[]]): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}

const sampleStrings = [
  '',
  ' ',
  'a',
  'x'.repeat(300),
  'Zoë 🌿 «été»',
  '<script>alert(1)</script>',
  "'; drop table accounts; --",
  'nul\u0000byte',
  '\ud800',
  '00000000-0000-0000-0000-000000000000',
  '2025-02-30T25:61:00Z',
  'person@example.org',
  'a long enough passphrase',
  '123456',
  'fr',
  'administrator',
] as const;
const sampleNumbers = [0, -1, 1, 2, 2 ** 31, -(2 ** 53), 1e308, 0.5, 123456] as const;

function randomValue(random: () => number, depth: number): unknown {
  const kind = pick(random, ['null', 'boolean', 'number', 'string', 'array', 'object'] as const);
  if (kind === 'null') return null;
  if (kind === 'boolean') return random() < 0.5;
  if (kind === 'number') return pick(random, sampleNumbers);
  if (kind === 'string' || depth >= 2) return pick(random, sampleStrings);
  const size = Math.floor(random() * 3);
  const values = Array.from({ length: size }, () => randomValue(random, depth + 1));
  if (kind === 'array') return values;
  return Object.fromEntries(values.map((value, index) => [`key${index}`, value]));
}

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

/** A value that may well pass validation, so that the fuzz also reaches the services. */
function plausibleValue(random: () => number, schema: Schema, depth: number): unknown {
  if ('$ref' in schema) return randomValue(random, depth);
  if (schema.enum && schema.enum.length > 0)
    return schema.enum[Math.floor(random() * schema.enum.length)];
  if (schema.type === 'boolean') return random() < 0.5;
  if (schema.type === 'integer' || schema.type === 'number') return pick(random, [1, 2, 3, 50]);
  if (schema.type === 'array') {
    return depth < 2 && random() < 0.5 ? [plausibleValue(random, schema.items, depth + 1)] : [];
  }
  if (schema.type === 'object') return plausibleObject(random, schema, depth + 1);
  if (schema.format === 'uuid') return pick(random, [target.id, site.id, organisation.id]);
  if (schema.format === 'email') return `fuzz-${Math.floor(random() * 1e9)}@example.org`;
  if (schema.pattern) return '123456';
  return 'Plausible value'.padEnd(schema.minLength ?? 0, '.');
}

function plausibleObject(
  random: () => number,
  schema: OpenAPIV3.SchemaObject,
  depth: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const roll = random();
    if (roll < 0.7) body[field] = plausibleValue(random, fieldSchema, depth);
    else if (roll < 0.85) body[field] = randomValue(random, depth);
  }
  if (random() < 0.1) body.unexpected = randomValue(random, depth);
  return body;
}

/** Any JSON value, or an object of the route's own fields holding plausible or random values. */
function randomBody(random: () => number, schema: Schema | undefined): unknown {
  if (!schema || '$ref' in schema || random() < 0.2) return randomValue(random, 0);
  return plausibleObject(random, schema, 0);
}

function bodySchemaOf(operation: OpenAPIV3.OperationObject): Schema | undefined {
  const body = operation.requestBody;
  return body && 'content' in body ? body.content['application/json']?.schema : undefined;
}

/**
 * An error in its interface's shape: FHIR's OperationOutcome under /fhir/, OAuth's
 * (RFC 6749: an `error` code) at /oauth/, ours elsewhere.
 */
function isErrorShape(path: string, body: unknown): boolean {
  if (path.startsWith('/fhir/')) {
    return (body as { resourceType?: unknown } | null)?.resourceType === 'OperationOutcome';
  }
  if (path.startsWith('/oauth/')) {
    return typeof (body as { error?: unknown } | null)?.error === 'string';
  }
  return ErrorBody.safeParse(body).success;
}

describe('random bodies on every route that takes one', () => {
  it('never produce a server error', async () => {
    const document = (
      await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
    ).json<OpenAPIV3.Document>();
    const random = seededRandom(20_250_611);
    const client = await signedInAdministrator();
    const failures: string[] = [];
    let routes = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['post', 'patch'] as const) {
        const operation = item?.[method];
        if (!operation) continue;
        routes += 1;
        const url = path
          .replace('{grantId}', '00000000-0000-4000-8000-000000000000')
          .replace('{id}', idFor(path))
          .replace('{resourceType}', 'Patient');
        for (let attempt = 0; attempt < 5; attempt++) {
          const body = randomBody(random, bodySchemaOf(operation));
          const payload = JSON.stringify(body);
          const verb = method === 'post' ? 'POST' : 'PATCH';
          const response = await client.request(verb, url, payload, {
            'content-type': 'application/json',
          });
          const wrongShape = response.statusCode >= 400 && !isErrorShape(path, response.json());
          if (response.statusCode >= 500 || wrongShape) {
            failures.push(`${verb} ${url} ${payload} → ${response.statusCode} ${response.body}`);
          }
          const session = !path.startsWith('/fhir/');
          if (
            session &&
            response.statusCode === 401 &&
            errorOf(response).code === 'unauthenticated'
          ) {
            await client.signIn(administrator.email, administrator.password);
          }
        }
      }
    }
    expect(routes).toBeGreaterThanOrEqual(14);
    expect(failures).toEqual([]);
  });
});

function idFor(path: string): string {
  if (path.startsWith('/api/sites/')) return site.id;
  if (path.startsWith('/api/organisations/')) return organisation.id;
  return target.id;
}
