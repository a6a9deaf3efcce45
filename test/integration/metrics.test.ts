import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type DatabaseHandle, selectRows } from '../../src/server/db/client';
import { registerRecurringJob } from '../../src/server/platform/jobs';
import { resources } from '../../src/shared/locales';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { openTestDatabase } from '../helpers/database';
import { makeAccount, makeFailedEmail, makeSite } from '../helpers/factories';

const token = 'scrape-token-0123456789';
const scrape = { authorization: `Bearer ${token}` };

/** One sample's value from Prometheus text: `name{labels} value`, labels written as given. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  it('refuses a scraper without the token, in its language, and says how to authenticate', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`]) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { 'accept-language': 'fr', ...(authorization ? { authorization } : {}) },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(errorOf(response).code).toBe('unauthenticated');
      expect(errorOf(response).message).toBe(resources.fr.errors.unauthenticated);
      expect(response.body).not.toContain('passerelle_');
    }
  });

  it('counts answers by route template, never by address, with their time', async () => {
    const site = await makeSite(t.database.db);
    const account = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]);
    const client = new Client(t.app);
    await client.signIn(account.email, account.password);
    const caseId = randomUUID();
    expect((await client.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    await client.get('/api/nowhere/to/be/found');

    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: scrape });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = response.body;
    expect(
      sample(
        text,
        'passerelle_http_requests_total{method="GET",route="/api/cases/:id",status="404"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'passerelle_http_requests_total{method="POST",route="/api/auth/sign-in",status="200"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'passerelle_http_requests_total{method="GET",route="unmatched",status="404"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'passerelle_http_request_duration_seconds_count{method="GET",route="/api/cases/:id"}',
      ),
    ).toBe(1);
    // No address, so no id or token, reaches a label.
    expect(text).not.toContain(caseId);
    expect(text).not.toContain('nowhere');
  });

  it('tells the outbox, the sessions, the pool and the process as they stand', async () => {
    await makeFailedEmail(t.database.db);
    const [figures] = await selectRows<{ pending: number; failed: number; sessions: number }>(
      t.database.db,
      sql`select
        (select count(*)::int from outbound_emails where status = 'pending') as pending,
        (select count(*)::int from outbound_emails where status = 'failed') as failed,
        (select count(*)::int from sessions where expires_at > now()) as sessions`,
    );
    const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: scrape })).body;
    expect(sample(text, 'passerelle_db_up')).toBe(1);
    expect(sample(text, 'passerelle_outbox_failed_emails')).toBe(figures?.failed);
    expect(figures?.failed).toBeGreaterThan(0);
    expect(sample(text, 'passerelle_outbox_pending_emails')).toBe(figures?.pending);
    expect(sample(text, 'passerelle_sessions')).toBe(figures?.sessions);
    expect(figures?.sessions).toBeGreaterThan(0);
    expect(sample(text, 'passerelle_db_pool_connections')).toBeGreaterThan(0);
    expect(sample(text, 'passerelle_db_pool_waiting')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});

describe('/metrics without a token set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is not served at all', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: scrape });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('passerelle_');
  });
});

describe('recurring jobs and request ids, in an app that runs its jobs', () => {
  let database: DatabaseHandle;
  let app: FastifyInstance;
  const logs: string[] = [];
  let failing = true;
  registerRecurringJob('metrics-test.flaky', 50, async () => {
    if (failing) {
      failing = false;
      throw new Error('the first run fails');
    }
  });

  beforeAll(async () => {
    database = await openTestDatabase();
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n')));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: ':memory:',
      LOG_LEVEL: 'info',
      METRICS_TOKEN: token,
      MAIL_POLL_MS: '50',
    });
    app = await buildApp({ config, database, logStream, runJobs: true });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('counts each job run by outcome', async () => {
    const runs = async (outcome: string): Promise<number | undefined> => {
      const text = (await app.inject({ method: 'GET', url: '/metrics', headers: scrape })).body;
      return sample(
        text,
        `passerelle_job_runs_total{job="metrics-test.flaky",outcome="${outcome}"}`,
      );
    };
    await expect.poll(() => runs('failed'), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => runs('ok'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  });

  it('answers with the request id its log lines carry, keeping a proxy’s when it looks like one', async () => {
    const mine = await app.inject({ method: 'GET', url: '/healthz' });
    const id = mine.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(() => logs.some((line) => line.includes(`"reqId":"${String(id)}"`)))
      .toBe(true);

    const proxied = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'lb-7f3a9c21.42' },
    });
    expect(proxied.headers['x-request-id']).toBe('lb-7f3a9c21.42');

    for (const odd of ['short', 'has spaces in it', `${'x'.repeat(200)}`, 'quote"injected"x']) {
      const response = await app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': odd },
      });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
