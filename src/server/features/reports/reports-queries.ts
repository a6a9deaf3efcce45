import { type SQL, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import {
  type CaseGroupRow,
  type ConnectionGroupRow,
  type FirstContactRow,
  type PairCountRow,
  type ReportFilter,
  aggregate,
  uuidArray,
} from './reports-live-queries';
import {
  caseMonthGroups,
  connectionMonthGroups,
  outcomeMonthGroups,
} from './report-summaries-queries';

/**
 * The dashboard and the instrument change, read from the report summaries only (see
 * report-summaries-queries.ts): whole months of the date range come from the monthly sums
 * (a few thousand rows for the whole programme), the days of a month the range cuts through
 * are counted from the per-case facts of that month, and both are added up. The figures
 * equal the live ones of reports-live-queries.ts as of the last refresh.
 */

export {
  type CaseGroupRow,
  type ConnectionGroupRow,
  type ExportRow,
  type FirstContactRow,
  type PairCountRow,
  type ReportFilter,
  selectAccountNames,
  exportRowsSql,
  tuneForAggregates,
  selectSiteNames,
  selectSitesExist,
} from './reports-live-queries';

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** First day of the month after the one of `day` (YYYY-MM-DD), UTC. */
function nextMonth(day: string): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return isoDate(date);
}

type Parts = {
  /** Keeps the monthly sums of the whole months in range. */
  whole: SQL;
  /** Keeps the facts of the cut months' days in range; null when no month is cut. */
  edge: SQL | null;
};

/**
 * Splits a filter into whole months and cut months. Referral dates are compared as the
 * live figures compare them (timestamps against dates, the sessions being in UTC) and months
 * are UTC months, so a whole month's cases are exactly those the range keeps.
 */
function partsOf(filter: ReportFilter): Parts {
  const sites = filter.siteIds ? sql`site_id = any(${uuidArray(filter.siteIds)})` : sql`true`;
  if (!filter.from && !filter.to) return { whole: sites, edge: null };
  const first = filter.from
    ? filter.from.endsWith('-01')
      ? filter.from
      : nextMonth(filter.from)
    : null;
  // Exclusive: the first month not wholly in range.
  const end = filter.to
    ? nextMonth(filter.to) === isoDate(new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000))
      ? nextMonth(filter.to)
      : `${filter.to.slice(0, 7)}-01`
    : null;
  const wholeMonths: SQL[] = [];
  if (first) wholeMonths.push(sql`month >= ${first}::date`);
  if (end) wholeMonths.push(sql`month < ${end}::date`);
  const inWhole = sql.join(wholeMonths, sql` and `);
  const edge: SQL[] = [sites, sql`not (${inWhole})`];
  if (filter.from) {
    edge.push(sql`month >= ${`${filter.from.slice(0, 7)}-01`}::date`);
    edge.push(sql`referred_at >= ${filter.from}::date`);
  }
  if (filter.to) {
    edge.push(sql`month <= ${`${filter.to.slice(0, 7)}-01`}::date`);
    edge.push(sql`referred_at < ${filter.to}::date + 1`);
  }
  return { whole: sql`${sites} and ${inWhole}`, edge: sql.join(edge, sql` and `) };
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
  const { whole, edge } = partsOf(filter);
  const monthly = sql`select ${caseMonthColumns} from report_month_cases where ${whole}`;
  return edge ? sql`${monthly} union all ${caseMonthGroups(edge)}` : monthly;
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

/**
 * Median and 90th centile of the days from referral to first contact: the one figure that
 * cannot be summed by month, taken from the narrow per-case facts.
 */
export async function selectTimeToFirstContact(
  db: Database,
  filter: ReportFilter,
): Promise<FirstContactRow> {
  const parts: SQL[] = [sql`days_to_first_contact is not null`];
  if (filter.siteIds) parts.push(sql`site_id = any(${uuidArray(filter.siteIds)})`);
  if (filter.from) parts.push(sql`referred_at >= ${filter.from}::date`);
  if (filter.to) parts.push(sql`referred_at < ${filter.to}::date + 1`);
  const [row] = await aggregate<FirstContactRow>(
    db,
    sql`select count(*)::int as n,
        percentile_cont(0.5) within group (order by days_to_first_contact) as median,
        percentile_cont(0.9) within group (order by days_to_first_contact) as p90
      from report_case_facts
      where ${sql.join(parts, sql` and `)}`,
  );
  return row ?? { n: 0, median: null, p90: null };
}

/**
 * Connections by category (the first of the service's categories, looked up now in the
 * search documents), by partner organisation, and partner declines by reason.
 */
export function selectConnectionGroups(
  db: Database,
  filter: ReportFilter,
): Promise<ConnectionGroupRow[]> {
  const { whole, edge } = partsOf(filter);
  const monthly = sql`select site_id, month, service_id, partner, decline_reason, connections,
    declined, attended from report_month_connections where ${whole}`;
  const source = edge ? sql`${monthly} union all ${connectionMonthGroups(edge)}` : monthly;
  return aggregate<ConnectionGroupRow>(
    db,
    sql`
    with src as (${source}), f as (
      select coalesce(d.category_ids[1], 'uncategorised') as category, src.partner,
        src.decline_reason, src.connections, src.declined, src.attended
      from src
      left join directory_search_documents d on d.service_id = src.service_id
    ), g as (
      select
        case when grouping(category) = 0 then 'category'
          when grouping(partner) = 0 then 'partner'
          else 'decline_reason' end as dimension,
        coalesce(category, partner, decline_reason) as key,
        sum(connections)::int as connections,
        sum(declined)::int as declined,
        sum(attended)::int as attended
      from f
      group by grouping sets ((category), (partner), (decline_reason))
    )
    select g.*, o.name as label
    from g
    left join organisations o on g.dimension = 'partner' and o.id::text = g.key
    where g.dimension <> 'decline_reason' or g.key is not null`,
  );
}

/**
 * How many cases in scope share each (baseline, latest follow-up) pair of scores, per
 * instrument and scale, ordered by instrument and scale.
 */
export function selectOutcomePairCounts(
  db: Database,
  filter: ReportFilter,
): Promise<PairCountRow[]> {
  const { whole, edge } = partsOf(filter);
  const monthly = sql`select site_id, month, instrument_id, scale, before, after, count
    from report_month_outcomes where ${whole}`;
  const source = edge ? sql`${monthly} union all ${outcomeMonthGroups(edge)}` : monthly;
  return aggregate<PairCountRow>(
    db,
    sql`select instrument_id, scale, before, after, sum(count)::int as count
      from (${source}) src
      group by 1, 2, 3, 4
      order by 1, 2, 3, 4`,
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
