import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type DatabaseHandle, selectRows } from '../db/client';
import { AppError } from './errors';

/**
 * What the app counts for Prometheus: requests by route template and status (never a
 * raw address, which can carry a token or a name), the pool, recurring jobs, the outbox,
 * sessions, and the process itself. Each app has its own registry (tests build several).
 */
export type AppMetrics = {
  registry: Registry;
  jobFinished(job: string, outcome: 'ok' | 'failed', seconds: number): void;
  /** Reads the figures that are states rather than counts, just before a scrape. */
  refresh(): Promise<void>;
};

/** What every app process sharing the database sees alike. */
type SharedFigures = {
  pending_emails: number;
  failed_emails: number;
  oldest_pending_seconds: number | null;
  sessions: number;
};

export function createMetrics(database: DatabaseHandle, sessionIdleMinutes: number): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauge = (name: string, help: string): Gauge =>
    new Gauge({ name, help, registers: [registry] });
  const jobRuns = new Counter({
    name: 'passerelle_job_runs_total',
    help: 'Recurring job runs by this process, by job and outcome.',
    labelNames: ['job', 'outcome'],
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'passerelle_job_duration_seconds',
    help: 'How long recurring job runs took, by job.',
    labelNames: ['job'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
  const pool = {
    open: gauge('passerelle_db_pool_connections', 'Database connections the pool holds open.'),
    inUse: gauge('passerelle_db_pool_in_use', 'Database connections lent to a request or job.'),
    waiting: gauge('passerelle_db_pool_waiting', 'Requests waiting for a database connection.'),
  };
  const databaseUp = gauge(
    'passerelle_db_up',
    'Whether the database answered this scrape (1) or not (0).',
  );
  const shared = {
    pending: gauge('passerelle_outbox_pending_emails', 'Emails waiting to be sent.'),
    failed: gauge('passerelle_outbox_failed_emails', 'Emails given up on after their retries.'),
    oldest: gauge(
      'passerelle_outbox_oldest_pending_seconds',
      'Age of the oldest email waiting to be sent (absent when none waits).',
    ),
    sessions: gauge('passerelle_sessions', 'Signed-in sessions neither expired nor idle.'),
  };

  const refresh = async (): Promise<void> => {
    const stats = database.poolStats();
    pool.open.set(stats.total);
    pool.inUse.set(stats.total - stats.idle);
    pool.waiting.set(stats.waiting);
    // Without the database, the process's own figures are still worth scraping.
    const [figures] = await selectSharedFigures(database, sessionIdleMinutes).catch(() => []);
    databaseUp.set(figures ? 1 : 0);
    for (const one of Object.values(shared)) one.reset();
    if (!figures) return;
    shared.pending.set(figures.pending_emails);
    shared.failed.set(figures.failed_emails);
    if (figures.oldest_pending_seconds !== null) shared.oldest.set(figures.oldest_pending_seconds);
    shared.sessions.set(figures.sessions);
  };

  return {
    registry,
    refresh,
    jobFinished: (job, outcome, seconds) => {
      jobRuns.inc({ job, outcome });
      jobSeconds.observe({ job }, seconds);
    },
  };
}

function selectSharedFigures(
  database: DatabaseHandle,
  sessionIdleMinutes: number,
): Promise<SharedFigures[]> {
  return selectRows<SharedFigures>(
    database.db,
    sql`select
      (select count(*)::int from outbound_emails where status = 'pending') as pending_emails,
      (select count(*)::int from outbound_emails where status = 'failed') as failed_emails,
      (select extract(epoch from now() - min(created_at))::float8
         from outbound_emails where status = 'pending') as oldest_pending_seconds,
      (select count(*)::int from sessions
         where expires_at > now()
           and last_seen_at > now() - make_interval(mins => ${sessionIdleMinutes})) as sessions`,
  );
}

/** Counts every answer by method, route template and status, and serves /metrics to a scraper that shows the token. */
export function registerMetrics(app: FastifyInstance, metrics: AppMetrics, token: string): void {
  const requests = new Counter({
    name: 'passerelle_http_requests_total',
    help: 'HTTP answers, by method, route template and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [metrics.registry],
  });
  const seconds = new Histogram({
    name: 'passerelle_http_request_duration_seconds',
    help: 'Time to answer, by method and route template.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The template (/api/cases/:id), never the address: an address can carry a secret.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    seconds.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('unauthenticated');
    }
    await metrics.refresh();
    return reply
      .header('content-type', metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(await metrics.registry.metrics());
  });
}
