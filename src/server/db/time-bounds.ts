import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { preparedStatement } from './prepared';

/*
 * Searches by time of change that other systems poll (interop/fhir/DESIGN.md §4): one
 * bound's meaning, one keyset time format and one polling watermark for every searched table.
 */

/** A bound on an instant: `eq` is the range the value's precision implies (from, to). */
export type TimeBound = { comparator: 'gt' | 'ge' | 'lt' | 'le' | 'eq'; from: Date; to: Date };

/**
 * A bound as a condition on a timestamp column (or expression); `gt` and `lt` compare with
 * the range's start.
 */
export function timeBoundCondition(column: PgColumn | SQL, bound: TimeBound): SQL {
  const from = sql`${bound.from.toISOString()}::timestamptz`;
  const to = sql`${bound.to.toISOString()}::timestamptz`;
  switch (bound.comparator) {
    case 'gt':
      return sql`${column} > ${from}`;
    case 'ge':
      return sql`${column} >= ${from}`;
    case 'lt':
      return sql`${column} < ${from}`;
    case 'le':
      return sql`${column} < ${to}`;
    case 'eq':
      return sql`(${column} >= ${from} and ${column} < ${to})`;
  }
}

/** Whether an instant meets a bound, for what is searched in memory rather than in SQL. */
export function meetsTimeBound(instant: Date, bound: TimeBound): boolean {
  const at = instant.getTime();
  switch (bound.comparator) {
    case 'gt':
      return at > bound.from.getTime();
    case 'ge':
      return at >= bound.from.getTime();
    case 'lt':
      return at < bound.from.getTime();
    case 'le':
      return at < bound.to.getTime();
    case 'eq':
      return at >= bound.from.getTime() && at < bound.to.getTime();
  }
}

/** A timestamp to the microsecond as text, for a keyset page's next key. */
export function keysetTime(column: PgColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The time a poller may pass back as `_lastUpdated=gt…` without missing a change committed
 * late (DESIGN.md §4): now, or the start of the oldest transaction still open on this
 * database, whose changes carry a time no earlier than that. Read before the search, so a
 * change it does not see is either committed (and found) or later than this.
 */
export async function selectPollingWatermark(db: Database): Promise<Date> {
  const [row] = await watermarkStatement(db, {});
  return row ? new Date(row.at) : new Date();
}

const watermarkStatement = preparedStatement<{ at: string }>(
  'polling_watermark',
  () =>
    sql`select to_char(date_trunc('milliseconds',
      least(clock_timestamp(), (select min(xact_start) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and xact_start is not null)))
      at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`,
);
