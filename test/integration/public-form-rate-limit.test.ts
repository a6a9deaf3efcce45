import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { DatabaseHandle } from '../../src/server/db/client';
import { like } from 'drizzle-orm';
import { rateLimitCounts } from '../../src/server/db/schema';
import { runRecurringJob } from '../../src/server/platform/jobs';
import { publicFormRateLimit } from '../../src/server/platform/rate-limit';
import { rateLimitsPurgeJob } from '../../src/server/platform/rate-limit-store';
import { openTestDatabase } from '../helpers/database';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

let database: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    PUBLIC_FORM_RATE_PER_MINUTE: '3',
    ACTION_LINK_RATE_PER_MINUTE: '4',
  });
  database = await openTestDatabase();
  app = await buildApp({ config, database });
  // A stand-in public form: the real ones use the same one line of route config.
  app.post(
    '/api/test-public-form',
    { config: publicFormRateLimit(config), schema: { body: z.object({ name: z.string() }) } },
    () => ({ ok: true }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function post(ip: string, language = 'fr'): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/test-public-form',
    remoteAddress: ip,
    headers: { 'accept-language': language },
    payload: { name: 'x' },
  });
}

describe('public form rate limit', () => {
  it('allows PUBLIC_FORM_RATE_PER_MINUTE posts a minute per address, then answers 429 in the caller’s language', async () => {
    for (let i = 0; i < 3; i += 1) expect((await post('203.0.113.7')).statusCode).toBe(200);
    const refused = await post('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    const error = refused.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('rate_limited');
    expect(error.message).not.toBe('');
    // Another address has its own allowance.
    expect((await post('198.51.100.9')).statusCode).toBe(200);
  });
});

describe('emailed link rate limit', () => {
  it('allows ACTION_LINK_RATE_PER_MINUTE requests a minute per address on the link pages, then 429', async () => {
    const open = (url: string, ip: string): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'GET', url, remoteAddress: ip });
    const partnerLink = '/api/links/not-a-real-token-at-all';
    const questionnaire = '/api/questionnaires/not-a-real-token-at-all';
    for (let i = 0; i < 4; i += 1) {
      expect((await open(partnerLink, '203.0.113.20')).statusCode).toBe(404);
    }
    const refused = await open(partnerLink, '203.0.113.20');
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    // More generous than a public form (3 here): a fourth questionnaire page still opens.
    for (let i = 0; i < 4; i += 1) {
      expect((await open(questionnaire, '198.51.100.30')).statusCode).not.toBe(429);
    }
    expect((await open(questionnaire, '198.51.100.30')).statusCode).toBe(429);
  });
});

describe('one budget for all emailed-link routes', () => {
  it('counts an address’s requests across the four link routes together, not per route', async () => {
    const ip = '192.0.2.44';
    const token = 'not-a-real-token-either';
    const requests = [
      { method: 'GET', url: `/api/links/${token}` },
      { method: 'POST', url: `/api/links/${token}`, payload: {} },
      { method: 'GET', url: `/api/questionnaires/${token}` },
      { method: 'POST', url: `/api/questionnaires/${token}`, payload: { answers: {} } },
    ] as const;
    // One request on each route: four in all, the whole budget (ACTION_LINK_RATE_PER_MINUTE).
    for (const request of requests) {
      const response = await app.inject({ ...request, remoteAddress: ip });
      expect(response.statusCode).not.toBe(429);
    }
    for (const request of requests) {
      const response = await app.inject({ ...request, remoteAddress: ip });
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(429);
    }
    // Another address still has its own.
    expect(
      (await app.inject({ method: 'GET', url: `/api/links/${token}`, remoteAddress: '192.0.2.45' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('several app servers on one database', () => {
  it('spend one budget: behind a load balancer, a client gains nothing by reaching another process', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: ':memory:',
      PUBLIC_FORM_RATE_PER_MINUTE: '3',
    });
    const other = await buildApp({ config, database });
    other.post('/api/test-public-form', { config: publicFormRateLimit(config) }, () => ({
      ok: true,
    }));
    await other.ready();
    try {
      const ip = '203.0.113.80';
      const toOther = () =>
        other.inject({
          method: 'POST',
          url: '/api/test-public-form',
          remoteAddress: ip,
          payload: { name: 'x' },
        });
      expect((await post(ip)).statusCode).toBe(200);
      expect((await toOther()).statusCode).toBe(200);
      expect((await post(ip)).statusCode).toBe(200);
      expect((await toOther()).statusCode).toBe(429);
      expect((await post(ip)).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('keep the sign-in budget across processes too, apart from the other limiters', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: ':memory:',
      SIGN_IN_RATE_PER_MINUTE: '2',
      ACTION_LINK_RATE_PER_MINUTE: '4',
    });
    const [first, second] = [
      await buildApp({ config, database }),
      await buildApp({ config, database }),
    ];
    try {
      const ip = '203.0.113.81';
      const signIn = (to: FastifyInstance) =>
        to.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          remoteAddress: ip,
          payload: { email: 'nobody@passerelle.example', password: 'not-the-password' },
        });
      expect((await signIn(first)).statusCode).toBe(401);
      expect((await signIn(second)).statusCode).toBe(401);
      expect((await signIn(first)).statusCode).toBe(429);
      // The emailed-link budget of the same address is its own.
      const link = await second.inject({
        method: 'GET',
        url: '/api/links/no-such-token',
        remoteAddress: ip,
      });
      expect(link.statusCode).toBe(404);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('the rate-limits.purge job', () => {
  it('forgets the windows that ended and keeps the running ones', async () => {
    const past = new Date(Date.now() - 60_000);
    const later = new Date(Date.now() + 60_000);
    await database.db.insert(rateLimitCounts).values([
      { key: 'test|ended', hits: 9, windowEndsAt: past },
      { key: 'test|running', hits: 2, windowEndsAt: later },
    ]);
    await runRecurringJob(rateLimitsPurgeJob, database.db, loadConfig({ NODE_ENV: 'test' }));
    const keys = await database.db
      .select({ key: rateLimitCounts.key })
      .from(rateLimitCounts)
      .where(like(rateLimitCounts.key, 'test|%'));
    expect(keys.map((row) => row.key)).toEqual(['test|running']);
  });
});
