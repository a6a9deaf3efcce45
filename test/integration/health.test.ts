import { sql } from 'drizzle-orm';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countShippedMigrations, selectRows } from '../../src/server/db/client';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ SIGN_IN_RATE_PER_MINUTE: '3' });
});
afterAll(() => t.close());

describe('health', () => {
  it('says the process is alive', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('says it is ready when the database answers and every shipped migration is applied', async () => {
    const shipped = countShippedMigrations();
    expect(shipped).toBeGreaterThan(0);
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      migrations: { applied: shipped, shipped },
    });
  });

  it('says it is not ready while a migration is missing', async () => {
    type Migration = { id: number; hash: string; created_at: string };
    const [latest] = await selectRows<Migration>(
      t.database.db,
      sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    if (!latest) throw new Error('no migration recorded');
    await t.database.db.execute(
      sql`delete from drizzle.__drizzle_migrations where id = ${latest.id}`,
    );
    try {
      const response = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const shipped = countShippedMigrations();
      expect(response.json()).toEqual({
        status: 'not_ready',
        migrations: { applied: shipped - 1, shipped },
      });
    } finally {
      await t.database.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${latest.id}, ${latest.hash}, ${latest.created_at})`,
      );
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('API description', () => {
  it('documents the success answer of every API operation: its JSON shape, or 204 when it has no body', async () => {
    const document = (
      await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
    ).json<OpenAPIV3.Document>();
    // Files rather than JSON answers: their content is described by their formats' own documents.
    const downloads = new Set([
      'get /api/directory/exports/json',
      'get /api/reports/export.csv',
      'get /api/reports/programme.pdf',
      'get /api/documents/{id}/content',
      // A person's full record: the passerelle.person-record document or its page (docs/person-record.md).
      'get /api/cases/{caseId}/person-record',
      'get /api/person/record',
    ]);
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const responses = item?.[method]?.responses;
        if (!responses || downloads.has(`${method} ${path}`)) continue;
        const documented = Object.entries(responses).some(
          ([status, answer]) => status === '204' || (status.startsWith('2') && 'content' in answer),
        );
        if (!documented) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('is an OpenAPI 3 document listing every feature’s paths with request schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<OpenAPIV3.Document>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/sign-in',
        '/api/auth/session',
        '/api/accounts',
        '/api/accounts/{id}',
        '/api/sites',
        '/api/sites/{id}',
        '/api/organisations',
        '/api/organisations/{id}',
        '/api/audit-events',
      ]),
    );
    const bodyOf = (path: string, method: 'post' | 'patch'): unknown => {
      const body = document.paths[path]?.[method]?.requestBody;
      return body && 'content' in body ? body.content['application/json']?.schema : undefined;
    };
    expect(bodyOf('/api/auth/sign-in', 'post')).toMatchObject({
      type: 'object',
      properties: { email: { type: 'string' }, password: { type: 'string' } },
      required: ['email', 'password'],
    });
    expect(bodyOf('/api/accounts', 'post')).toMatchObject({
      properties: { email: { format: 'email' }, grants: { type: 'array' } },
    });
    expect(bodyOf('/api/sites', 'post')).toMatchObject({
      properties: { organisationId: { format: 'uuid' }, twoFactorRequired: { type: 'boolean' } },
    });
    expect(bodyOf('/api/organisations/{id}', 'patch')).toMatchObject({
      properties: { version: { type: 'integer' } },
      required: ['version'],
    });
    const auditParameters = document.paths['/api/audit-events']?.get?.parameters ?? [];
    expect(auditParameters.map((p) => ('name' in p ? p.name : ''))).toEqual(
      expect.arrayContaining(['action', 'actorId', 'outcome', 'from', 'to', 'cursor', 'limit']),
    );
  });

  it('serves a documentation page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html[\s\S]*swagger/i);
    // Its files come through @fastify/static 10, whose content-disposition 3 declares Node 22.
    const css = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });
});

describe('security headers', () => {
  it('come with API answers, errors and pages alike', async () => {
    for (const url of ['/api/auth/session', '/api/nothing-here', '/api/docs', '/healthz']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });
});

describe('signing in too often', () => {
  it('is limited per minute, with a translated message, while other routes still answer', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await new Client(t.app).signIn('nobody@example.org', 'a wrong password');
      expect(response.statusCode).toBe(401);
    }
    const limited = await new Client(t.app, 'fr').signIn('nobody@example.org', 'a wrong password');
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited)).toEqual({
      code: 'rate_limited',
      message: 'Trop de demandes. Patientez un instant et réessayez.',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const english = await new Client(t.app, 'en').signIn('nobody@example.org', 'x');
    expect(errorOf(english).message).toBe('Too many requests. Wait a moment and try again.');
    expect((await new Client(t.app).get('/api/auth/session')).statusCode).toBe(401);
  });
});
