import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { lt, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../db/client';
import { rateLimitCounts } from '../db/schema';
import { registerRecurringJob } from './jobs';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;
/** What @fastify/rate-limit hands a store's child: the limiter's merged options. */
type LimiterOptions = {
  url?: string;
  groupId?: string;
  routeInfo?: { method?: unknown; url?: string };
};

/**
 * Rate-limit counts kept in PostgreSQL (rate_limit_counts), so every app process behind a
 * load balancer spends the same budget: a fixed window per limiter and client key, counted by
 * one upsert. Each limiter counts apart: a route's own limit by its method and address, a
 * limiter shared by several routes (app.rateLimit) by its groupId, which it must have.
 */
class PostgresRateLimitStore {
  constructor(
    private readonly db: Database,
    private readonly limiter: string,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number): void {
    countHit(this.db, `${this.limiter}|${key}`, timeWindow).then(
      (counted) => callback(null, counted),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  child(options: LimiterOptions): PostgresRateLimitStore {
    const route = options.routeInfo?.url
      ? `${String(options.routeInfo.method)} ${options.routeInfo.url}`
      : undefined;
    const name = options.groupId ?? route;
    if (!name) throw new Error('A rate limiter shared by several routes needs a groupId');
    return new PostgresRateLimitStore(this.db, name);
  }
}

/** The store class @fastify/rate-limit builds, bound to the app's database. */
export function postgresRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  return class extends PostgresRateLimitStore {
    constructor() {
      super(db, 'global');
    }
  };
}

/** One hit in the key's window, a new window once the last one ended; its count and time left. */
async function countHit(db: Database, key: string, windowMs: number): Promise<Counted> {
  const [row] = await selectRows<{ hits: number; ttl: number }>(
    db,
    sql`insert into rate_limit_counts as r (key, hits, window_ends_at)
      values (${key}, 1, clock_timestamp() + make_interval(secs => ${windowMs / 1000}))
      on conflict (key) do update set
        hits = case when r.window_ends_at <= clock_timestamp() then 1 else r.hits + 1 end,
        window_ends_at = case when r.window_ends_at <= clock_timestamp()
          then excluded.window_ends_at else r.window_ends_at end
      returning hits,
        ceil(extract(epoch from window_ends_at - clock_timestamp()) * 1000)::int as ttl`,
  );
  if (!row) throw new Error('rate limit count not returned');
  return { current: row.hits, ttl: Math.max(0, row.ttl) };
}

export const rateLimitsPurgeJob = 'rate-limits.purge';

/** Forgets the windows that ended; the count of rows removed. */
export async function purgeRateLimitCounts(db: Database): Promise<number> {
  const rows = await db
    .delete(rateLimitCounts)
    .where(lt(rateLimitCounts.windowEndsAt, sql`now()`))
    .returning({ key: rateLimitCounts.key });
  return rows.length;
}

// Every few minutes: windows last a minute, so the table holds a few minutes of clients.
registerRecurringJob(rateLimitsPurgeJob, 5 * 60_000, async (db) => {
  await purgeRateLimitCounts(db);
});
