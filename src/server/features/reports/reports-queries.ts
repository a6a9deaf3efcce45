import { type SQL, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import type { OutcomeGroupDimension, OutcomeWindow } from '../../../shared/contracts/reports';
import { quantileOfCounts } from '../../../shared/statistics/quantile';
import { type ReportFilter, aggregate, uuidArray } from './report-expressions';
import type {
  CaseGroupRow,
  ConnectionGroupRow,
  FirstContactRow,
  PairCountRow,
} from './reports-live-queries';

/**
 * The dashboard and the instrument change, read from the report summaries only (see
 * report-summaries-queries.ts): a report covers whole months (report-periods.ts), so it
 * adds up the monthly sums of its sites and months, a few thousand rows for the whole
 * programme. The figures equal the live ones of reports-live-queries.ts as of the last
 * refresh.
 */

export type { ReportFilter } from './report-expressions';
export {
  type CaseGroupRow,
  type ConnectionGroupRow,
  type FirstContactRow,
  type PairCountRow,
  selectAccountNames,
} from './reports-live-queries';

/** The monthly sums of the filter's sites and whole months (of referral, or `column`). */
function monthsOf(
  filter: ReportFilter,
  alias: '' | 'o.' = '',
  column: 'month' | 'measured_month' = 'month',
): SQL {
  const site = sql.raw(`${alias}site_id`);
  const month = sql.raw(`${alias}${column}`);
  const parts: SQL[] = [
    filter.siteIds ? sql`${site} = any(${uuidArray(filter.siteIds)})` : sql`true`,
  ];
  if (filter.from) parts.push(sql`${month} >= ${filter.from}::date`);
  if (filter.to) parts.push(sql`${month} <= ${filter.to}::date`);
  return sql.join(parts, sql` and `);
}

const caseSums = sql.raw(`sum(referred)::int as referred, sum(contacted)::int as contacted,
  sum(accepted)::int as accepted, sum(assessed)::int as assessed, sum(planned)::int as planned,
  sum(connected)::int as connected, sum(attended)::int as attended,
  sum(discharged)::int as discharged, sum(open)::int as open,
  sum(only_referred)::int as only_referred, sum(only_contacted)::int as only_contacted,
  sum(only_accepted)::int as only_accepted, sum(only_assessed)::int as only_assessed,
  sum(only_planned)::int as only_planned, sum(only_connected)::int as only_connected,
  sum(only_attended)::int as only_attended`);

const caseMonthColumns = sql.raw(`site_id, month, dimension, key, referred, contacted, accepted,
  assessed, planned, connected, attended, discharged, open, only_referred, only_contacted,
  only_accepted, only_assessed, only_planned, only_connected, only_attended`);

function caseSource(filter: ReportFilter): SQL {
  return sql`select ${caseMonthColumns} from report_month_cases where ${monthsOf(filter)}`;
}

/**
 * Every count by case: the whole programme's funnel and the same counts by site, source,
 * month, link worker, closure reason, reason and equity group (dimension 'reason' counts
 * referrals per reason given).
 */
export function selectCaseGroups(db: Database, filter: ReportFilter): Promise<CaseGroupRow[]> {
  return aggregate<CaseGroupRow>(
    db,
    sql`
    with src as (${caseSource(filter)})
    select dimension, key, ${caseSums} from src group by dimension, key
    union all
    select 'site', site_id::text, ${caseSums} from src where dimension = 'all' group by site_id
    union all
    select 'month', to_char(month, 'YYYY-MM'), ${caseSums} from src where dimension = 'all'
      group by month`,
  );
}

/** A site's month: the unit every report adds up, as `siteId|YYYY-MM`. */
const unitOf = sql.raw(`site_id::text || '|' || to_char(month, 'YYYY-MM')`);

export type UnitCaseGroupRow = CaseGroupRow & { unit: string };

/**
 * The counts of selectCaseGroups for each site's month of the filter apart (without the
 * 'site' and 'month' dimensions, which a unit's 'all' row gives): what the overlap rule
 * compares reports with.
 */
export function selectCaseGroupsByUnit(
  db: Database,
  filter: ReportFilter,
): Promise<UnitCaseGroupRow[]> {
  return aggregate<UnitCaseGroupRow>(
    db,
    sql`select ${unitOf} as unit, dimension, key, ${caseSums}
      from report_month_cases where ${monthsOf(filter)}
      group by 1, dimension, key`,
  );
}

/**
 * Median and 90th centile of the whole days from referral to first contact, from the
 * monthly counts of each number of days (exact: the same as percentile_cont on the cases).
 */
export async function selectTimeToFirstContact(
  db: Database,
  filter: ReportFilter,
): Promise<FirstContactRow> {
  const rows = await aggregate<{ days: number; count: number }>(
    db,
    sql`select days, sum(count)::int as count
      from report_month_first_contacts
      where ${monthsOf(filter)}
      group by days`,
  );
  const counts = rows.map((row) => ({ value: row.days, count: row.count }));
  return {
    n: counts.reduce((sum, c) => sum + c.count, 0),
    median: quantileOfCounts(counts, 0.5),
    p90: quantileOfCounts(counts, 0.9),
  };
}

/**
 * Connections by category (the first of the service's categories, looked up now in the
 * search documents), by partner organisation, and partner declines by reason.
 */
export function selectConnectionGroups(
  db: Database,
  filter: ReportFilter,
): Promise<ConnectionGroupRow[]> {
  return aggregate<ConnectionGroupRow>(db, connectionGroupsSql(filter, false));
}

export type UnitConnectionGroupRow = ConnectionGroupRow & { unit: string };

/** The counts of selectConnectionGroups for each site's month of the filter apart. */
export function selectConnectionGroupsByUnit(
  db: Database,
  filter: ReportFilter,
): Promise<UnitConnectionGroupRow[]> {
  return aggregate<UnitConnectionGroupRow>(db, connectionGroupsSql(filter, true));
}

function connectionGroupsSql(filter: ReportFilter, byUnit: boolean): SQL {
  const unit = byUnit ? sql`unit, ` : sql``;
  const source = sql`select ${unitOf} as unit, service_id, partner, decline_reason, connections,
    declined, attended from report_month_connections where ${monthsOf(filter)}`;
  return sql`
    with src as (${source}), f as (
      select src.unit, coalesce(d.category_ids[1], 'uncategorised') as category, src.partner,
        src.decline_reason, src.connections, src.declined, src.attended
      from src
      left join directory_search_documents d on d.service_id = src.service_id
    ), g as (
      select ${unit}
        case when grouping(category) = 0 then 'category'
          when grouping(partner) = 0 then 'partner'
          else 'decline_reason' end as dimension,
        coalesce(category, partner, decline_reason) as key,
        sum(connections)::int as connections,
        sum(declined)::int as declined,
        sum(attended)::int as attended
      from f
      group by ${unit} grouping sets ((category), (partner), (decline_reason))
    )
    select g.*, o.name as label
    from g
    left join organisations o on g.dimension = 'partner' and o.id::text = g.key
    where g.dimension <> 'decline_reason' or g.key is not null`;
}

/** The outcome summaries of the filter's sites and whole months, by referral or measurement month. */
function outcomeMonthsOf(filter: ReportFilter, window: OutcomeWindow, alias: '' | 'o.' = ''): SQL {
  return window === 'referral'
    ? monthsOf(filter, alias)
    : monthsOf(filter, alias, 'measured_month');
}

/**
 * How many cases in scope share each (baseline, paired follow-up) pair of scores, per
 * instrument and scale, ordered by instrument and scale; after null for the baselines no
 * follow-up pairs with. The pairing rule's pairs (timepoint 'latest'), in the months of
 * referral or of measurement (`window`).
 */
export function selectOutcomePairCounts(
  db: Database,
  filter: ReportFilter,
  window: OutcomeWindow = 'referral',
): Promise<PairCountRow[]> {
  const source = sql`select instrument_id, scale, before, after, count
    from report_month_outcomes where timepoint = 'latest' and ${outcomeMonthsOf(filter, window)}`;
  return aggregate<PairCountRow>(
    db,
    sql`select instrument_id, scale, before, after, sum(count)::int as count
      from (${source}) src
      group by 1, 2, 3, 4
      order by 1, 2, 3, 4`,
  );
}

export type OutcomeUnitRow = {
  /** A site's referral month and measurement month: `siteId|YYYY-MM|YYYY-MM`. */
  unit: string;
  /** 'latest' (the pairing rule) or a follow-up timepoint (timepointPairs). */
  timepoint: string;
  instrument_id: string;
  scale: string;
  before: number;
  /** Null: baselines without a paired follow-up. */
  after: number | null;
  count: number;
};

/** A site's referral month and measurement month, the unit outcome reports add up. */
const outcomeUnitOf = (alias: '' | 'o.' = ''): SQL =>
  sql.raw(`${alias}site_id::text || '|' || to_char(${alias}month, 'YYYY-MM') || '|' ||
    to_char(${alias}measured_month, 'YYYY-MM')`);

export type OutcomeFigureRow = {
  /** A site's referral month and measurement month: `siteId|YYYY-MM|YYYY-MM`. */
  unit: string;
  instrument_id: string;
  scale: string;
  /** baselines, lost, pairs, improved, not_improved, or pairs@<timepoint>. */
  figure: string;
  count: number;
};

/**
 * The report's own outcome figures unit by unit (report_month_outcome_figures): what the
 * overlap rule compares with the other reports that hold each unit (reports-service.ts,
 * outcomeReportables).
 */
export function selectOutcomeFigureUnits(
  db: Database,
  filter: ReportFilter,
  window: OutcomeWindow,
): Promise<OutcomeFigureRow[]> {
  return aggregate<OutcomeFigureRow>(
    db,
    sql`select ${outcomeUnitOf()} as unit, instrument_id, scale, figure, sum(count)::int as count
      from report_month_outcome_figures
      where ${outcomeMonthsOf(filter, window)}
      group by 1, 2, 3, 4`,
  );
}

export type OutcomePairRow = Omit<OutcomeUnitRow, 'unit'>;

/**
 * The report's pairs, all its units together: per pairing ('latest' or a timepoint), scale
 * and (before, after), how many baselines; after null for those no follow-up pairs with.
 */
export function selectOutcomePairs(
  db: Database,
  filter: ReportFilter,
  window: OutcomeWindow,
): Promise<OutcomePairRow[]> {
  return aggregate<OutcomePairRow>(
    db,
    sql`select timepoint, instrument_id, scale, before, after, sum(count)::int as count
      from report_month_outcomes
      where ${outcomeMonthsOf(filter, window)}
      group by 1, 2, 3, 4, 5`,
  );
}

/** When the summaries were last brought up to date; null before the first refresh. */
export async function selectRefreshedAt(db: Database): Promise<Date | null> {
  const [row] = await selectRows<{ refreshed_at: Date | string | null }>(
    db,
    sql`select refreshed_at from report_refresh_state where id = 1`,
  );
  const value = row?.refreshed_at ?? null;
  return value === null ? null : new Date(value);
}

export type UnitGroupSumsRow = {
  unit: string;
  key: string | null;
  instrument_id: string;
  scale: string;
  pairs: number;
  sum_before: number;
  sum_change: number;
  sum_change_squared: number;
};

/**
 * The pairs (with a follow-up) of each site's month of the filter, per group of one
 * breakdown and per scale, as sums (report_month_outcome_groups): the report's groups add
 * up its own units, the overlap rule compares them with other reports'
 * (report-outcome-groups.ts).
 */
export function selectOutcomeGroupUnits(
  db: Database,
  filter: ReportFilter,
  dimension: OutcomeGroupDimension,
  window: OutcomeWindow = 'referral',
): Promise<UnitGroupSumsRow[]> {
  return aggregate<UnitGroupSumsRow>(
    db,
    sql`
    select ${outcomeUnitOf()} as unit, key, instrument_id, scale, sum(pairs)::int as pairs,
      sum(sum_before)::float8 as sum_before, sum(sum_change)::float8 as sum_change,
      sum(sum_change_squared)::float8 as sum_change_squared
    from report_month_outcome_groups
    where dimension = ${dimension} and ${outcomeMonthsOf(filter, window)}
    group by 1, 2, 3, 4`,
  );
}
