import { type SQL, sql } from 'drizzle-orm';
import type { OutcomeGroupDimension } from '../../../shared/contracts/reports';
import { type InstrumentScale, instruments } from '../../../shared/instruments';
import { referralReasons } from '../../../shared/pathway';
import { type Database, selectRows } from '../../db/client';

/**
 * What the live figures (reports-live-queries.ts), the summaries (report-summaries-queries.ts),
 * the reads of the summaries (reports-queries.ts) and the research export
 * (report-export-queries.ts) share: the cases a report covers, how an aggregate runs, and the
 * coarse groups (age band, area, fixed lists of codes) that are all that leave the database.
 */

export type ReportFilter = {
  /** Null: every site. */
  siteIds: string[] | null;
  /**
   * Days of referral, inclusive (YYYY-MM-DD); null for no bound. The reports only ever
   * ask for whole months (report-periods.ts), which is what the summaries hold.
   */
  from: string | null;
  to: string | null;
};

/**
 * Runs one report query in its own short transaction with settings fit for a large
 * aggregate: no JIT (compiling the expressions cost more than the scan itself, nearly half
 * a second on every call) and enough work memory to hash every group instead of spilling
 * sorts to disk. Each query gets its own transaction, so on PostgreSQL they run side by
 * side on the pool's connections.
 */
export async function aggregate<T>(db: Database, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tuneForAggregates(tx);
    return selectRows<T>(tx, query);
  });
}

/** The settings of `aggregate`, for the rest of the caller's transaction. */
export async function tuneForAggregates(tx: Database): Promise<void> {
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`set local work_mem = '64MB'`);
}

/** A PostgreSQL array literal of validated uuids (drizzle would spread a JS array into a tuple). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

export function caseFilter(filter: ReportFilter, alias = 'c'): SQL {
  const parts: SQL[] = [sql`true`];
  const column = (name: string): SQL => sql.raw(`${alias}.${name}`);
  if (filter.siteIds) parts.push(sql`${column('site_id')} = any(${uuidArray(filter.siteIds)})`);
  if (filter.from) parts.push(sql`${column('referred_at')} >= ${filter.from}::date`);
  if (filter.to) parts.push(sql`${column('referred_at')} < ${filter.to}::date + 1`);
  return sql.join(parts, sql` and `);
}

/**
 * Age on the day of the referral, in the bands of the contract (ageBands): age() once per
 * row and width_bucket, rather than one age() per band.
 */
export const ageBand = sql`(array['under_18', '18_24', '25_44', '45_64', '65_79', '80_plus'])[
  1 + width_bucket(extract(year from age(c.referred_at::date, p.date_of_birth))::int,
    array[18, 25, 45, 65, 80])]`;

/**
 * A coarse area: the Canadian forward sortation area (first 3 characters of the postal
 * code) or the French département (first 2 digits). Never the full postal code.
 */
export function areaOf(column: SQL): SQL {
  return sql`case
    when upper(${column}) ~ '^[A-Z][0-9][A-Z]' then upper(substr(${column}, 1, 3))
    when ${column} ~ '^[0-9]{5}$' then substr(${column}, 1, 2)
    else 'unknown' end`;
}

/** Only codes of a fixed list leave the database: a reason typed by hand counts as 'other'. */
export function codeOf(column: SQL, codes: readonly string[]): SQL {
  return sql`case when ${column} = any(${`{${codes.join(',')}}`}::text[]) then ${column} else 'other' end`;
}

/**
 * A connection counts as made once the partner accepted it, whatever came next; one the
 * person did not attend stays connected but never counts as attended (unless they came later).
 */
export const connectedStatuses = sql`('accepted', 'did_not_attend', 'attended', 'ongoing', 'stopped')`;
export const attendedStatuses = sql`('attended', 'ongoing', 'stopped')`;

/** Later timepoints win a tie on the date (never the text order: 'discharge' < 'month_6'). */
const timepointRank = sql`case m.timepoint when 'month_3' then 1 when 'month_6' then 2
  when 'month_12' then 3 when 'discharge' then 4 else 0 end`;

/** The follow-up timepoints a change is also given at, each paired with the baseline apart. */
export const followUpTimepoints = ['month_3', 'month_6', 'month_12', 'discharge'] as const;

function scoredMeasurements(scope: SQL, withCase: boolean, timepoints: SQL): SQL {
  const join = withCase ? sql`join cases c on c.id = m.case_id` : sql``;
  return sql`
    select m.case_id, m.instrument_id, s.scale, m.timepoint, m.taken_on, ${timepointRank} as rank,
      s.value
    from measurements m
    join measurement_scores s on s.measurement_id = m.id
    ${join}
    where s.value is not null and m.voided_at is null and ${timepoints} and ${scope}`;
}

/**
 * The pairing rule, the one definition of "before" and "after" that the dashboard, its
 * summaries and the research export all use (the reports page's methods note says it):
 * for each case, instrument and scale with a baseline score, the score of the follow-up
 * (any timepoint but baseline) of latest date on or after the baseline's date, a tie on
 * the date going to the later timepoint (month_3, month_6, month_12, discharge). Voided
 * measurements and blank scores (too many items unanswered) count nowhere: a follow-up
 * without a score is skipped for an earlier one. One row per case, instrument and scale
 * with a baseline (`case_id, instrument_id, scale, before, after, measured_on`); `after`
 * is null when no follow-up pairs with it (lost to follow-up); `measured_on` is the date
 * of the follow-up, else of the baseline (windows by measurement date). `scope` is a
 * condition on the measurement `m`, joined to its case `c` when `withCase`.
 */
export function outcomePairs(scope: SQL, withCase = false): SQL {
  // One baseline per case and instrument counts (a unique index); the latest follow-up is
  // the greatest [date, timepoint, value] array: a hash join and a hash aggregate, no sort.
  return sql`
    select case_id, instrument_id, scale, before, latest[3] as after,
      coalesce(date '2000-01-01' + latest[1]::int, baseline_on) as measured_on
    from (
      select b.case_id, b.instrument_id, b.scale, b.value as before, b.taken_on as baseline_on,
        max(array[(f.taken_on - date '2000-01-01')::float8, f.rank::float8, f.value])
          filter (where f.case_id is not null) as latest
      from (${scoredMeasurements(scope, withCase, sql`m.timepoint = 'baseline'`)}) b
      left join (${scoredMeasurements(scope, withCase, sql`m.timepoint <> 'baseline'`)}) f
        on f.case_id = b.case_id and f.instrument_id = b.instrument_id and f.scale = b.scale
          and f.taken_on >= b.taken_on
      group by b.case_id, b.instrument_id, b.scale, b.value, b.taken_on
    ) paired`;
}

/**
 * The change at each follow-up timepoint apart, under the same rule: for each case,
 * instrument and scale with a baseline score, one row per follow-up timepoint whose
 * measurement has a score and is dated on or after the baseline (a case has at most one
 * measurement per timepoint: a unique index). Columns `case_id, instrument_id, scale,
 * timepoint, before, after, measured_on` (the follow-up's date). No lost rows: attrition is
 * the pairing rule's.
 */
export function timepointPairs(scope: SQL, withCase = false): SQL {
  return sql`
    select b.case_id, b.instrument_id, b.scale, f.timepoint, b.value as before,
      f.value as after, f.taken_on as measured_on
    from (${scoredMeasurements(scope, withCase, sql`m.timepoint = 'baseline'`)}) b
    join (${scoredMeasurements(scope, withCase, sql`m.timepoint <> 'baseline'`)}) f
      on f.case_id = b.case_id and f.instrument_id = b.instrument_id and f.scale = b.scale
        and f.taken_on >= b.taken_on`;
}

/** The columns a case's groups are read from: the case facts' names, or live expressions. */
export type GroupColumns = {
  site: SQL;
  ageBand: SQL;
  sex: SQL;
  language: SQL;
  area: SQL;
  /** One reason of the case (the query unnests them). */
  reason: SQL;
};

/**
 * A case's key in one breakdown of the outcome change, the same in the summaries and the
 * live figures: only codes of fixed lists, coarse areas and site ids leave the database.
 */
export function outcomeGroupKey(dimension: OutcomeGroupDimension, columns: GroupColumns): SQL {
  switch (dimension) {
    case 'age_band':
      return sql`coalesce(${columns.ageBand}, 'unknown')`;
    case 'sex':
      return columns.sex;
    case 'language':
      return sql`case when ${columns.language} in ('fr', 'en') then ${columns.language} else 'other' end`;
    case 'area':
      return columns.area;
    case 'reason':
      return codeOf(columns.reason, referralReasons);
    case 'site':
      return sql`${columns.site}::text`;
  }
}

const numberLiteral = (value: number): SQL => sql.raw(`(${Number(value).toString()})::float8`);

/** Which band of a scale holds a score (as scoring.ts bandIndex), null outside them. */
function bandIndexSql(scale: InstrumentScale, value: SQL): SQL {
  const arms = scale.bands.map(
    (band, index) =>
      sql`when ${value} >= ${numberLiteral(band.min)} and ${value} <= ${numberLiteral(band.max)} then ${sql.raw(String(index))}`,
  );
  return sql`(case ${sql.join(arms, sql` `)} end)`;
}

/**
 * Whether going from `before` to `after` is an improvement by the scale's own rule
 * (scoring.ts classifyChange, which the reports' statistics use), written out in SQL from
 * the same instrument definitions, for summaries that count improvements in the database.
 * A scale no definition has never improves (reports-service.ts does the same).
 */
export function improvementSql(row: {
  instrumentId: SQL;
  scale: SQL;
  before: SQL;
  after: SQL;
}): SQL {
  const arms = Object.values(instruments).flatMap((definition) =>
    definition.scales.map((scale) => {
      const { direction, rule } = scale.change;
      const sign = sql.raw(direction === 'higher_is_better' ? '1' : '-1');
      const gain =
        rule.kind === 'band'
          ? sql`${sign} * (${bandIndexSql(scale, row.after)} - ${bandIndexSql(scale, row.before)})`
          : sql`${sign} * (${row.after} - ${row.before})`;
      const needed = rule.kind === 'band' ? numberLiteral(1) : numberLiteral(rule.minimalChange);
      return sql`when ${row.instrumentId} = ${definition.id} and ${row.scale} = ${scale.id} then coalesce(${gain} >= ${needed}, false)`;
    }),
  );
  return sql`(case ${sql.join(arms, sql` `)} else false end)`;
}
