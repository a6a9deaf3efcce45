import { type SQL, sql } from 'drizzle-orm';
import { dischargeReasons, partnerDeclineReasons } from '../../../shared/pathway';
import { type Database, selectRows } from '../../db/client';
import { stageCounts } from './report-stage-counts';

/**
 * The evaluation reports computed live from the pathway tables, and the research export.
 * The dashboard and the instrument change read the summaries instead (reports-queries.ts,
 * report-summaries-queries.ts); these live figures are the definition the summaries must
 * equal (test/integration/report-summaries.test.ts checks it) and share their expressions.
 * Everything is aggregated in the database (GROUP BY, GROUPING SETS, percentile_cont).
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

export const connectedStatuses = sql`('accepted', 'attended', 'ongoing', 'stopped')`;
export const attendedStatuses = sql`('attended', 'ongoing', 'stopped')`;

/** One row per case in scope with its pathway flags and equity groups. */
function caseFacts(filter: ReportFilter): SQL {
  return sql`
    select c.site_id, c.source, c.status, c.assigned_to,
      case when c.status = 'discharged'
        then ${codeOf(sql`c.closure_reason`, dischargeReasons)} end as closure_reason,
      -- Truncated here, formatted once per group below: cheaper than a string per case.
      date_trunc('month', c.referred_at at time zone 'UTC') as month,
      c.first_contact_at is not null as contacted,
      c.accepted_at is not null as accepted,
      a.completed_at is not null as assessed,
      ap.agreed_on is not null as planned,
      coalesce(k.connected, false) as connected,
      coalesce(k.attended, false) as attended,
      c.status = 'discharged' as discharged,
      ${ageBand} as age_band,
      coalesce(p.sex, 'not_stated') as sex,
      p.preferred_language as language,
      ${areaOf(sql`p.postal_code`)} as area
    from cases c
    join people p on p.id = c.person_id
    left join assessments a on a.case_id = c.id
    left join action_plans ap on ap.case_id = c.id
    left join (
      select x.case_id,
        bool_or(x.status in ${connectedStatuses}) as connected,
        bool_or(x.status in ${attendedStatuses} or x.first_attended_on is not null) as attended
      from connections x
      join cases c on c.id = x.case_id
      where ${caseFilter(filter)}
      group by x.case_id
    ) k on k.case_id = c.id
    where ${caseFilter(filter)}`;
}

export type CaseGroupRow = {
  dimension:
    | 'all'
    | 'site'
    | 'source'
    | 'month'
    | 'link_worker'
    | 'closure_reason'
    | 'age_band'
    | 'sex'
    | 'language'
    | 'area'
    /** Summaries only: referrals per reason given (a referral may give several). */
    | 'reason';
  key: string | null;
  referred: number;
  contacted: number;
  accepted: number;
  assessed: number;
  planned: number;
  connected: number;
  attended: number;
  discharged: number;
  open: number;
  /** Furthest stage reached, exclusive. */
  only_referred: number;
  only_contacted: number;
  only_accepted: number;
  only_assessed: number;
  only_planned: number;
  only_connected: number;
  only_attended: number;
};

/**
 * Every count by case in one scan: GROUPING SETS gives the whole programme's funnel and
 * the same counts by site, source, month, link worker, closure reason and equity group.
 */
export function selectCaseGroups(db: Database, filter: ReportFilter): Promise<CaseGroupRow[]> {
  return aggregate<CaseGroupRow>(
    db,
    sql`
    with f as (${caseFacts(filter)})
    select
      case
        when grouping(site_id) = 0 then 'site'
        when grouping(source) = 0 then 'source'
        when grouping(month) = 0 then 'month'
        when grouping(assigned_to) = 0 then 'link_worker'
        when grouping(closure_reason) = 0 then 'closure_reason'
        when grouping(age_band) = 0 then 'age_band'
        when grouping(sex) = 0 then 'sex'
        when grouping(language) = 0 then 'language'
        when grouping(area) = 0 then 'area'
        else 'all' end as dimension,
      coalesce(site_id::text, source, to_char(month, 'YYYY-MM'), assigned_to::text, closure_reason, age_band, sex,
        language, area) as key,
      ${stageCounts(sql`status in ('new', 'assigned', 'active')`)}
    from f
    group by grouping sets ((), (site_id), (source), (month), (assigned_to), (closure_reason),
      (age_band), (sex), (language), (area))`,
  );
}

export function selectReasonCounts(
  db: Database,
  filter: ReportFilter,
): Promise<{ key: string; count: number }[]> {
  return aggregate(
    db,
    sql`select r as key, count(*)::int as count
      from cases c cross join unnest(c.reasons) as r
      where ${caseFilter(filter)}
      group by r`,
  );
}

export type FirstContactRow = { n: number; median: number | null; p90: number | null };

export async function selectTimeToFirstContact(
  db: Database,
  filter: ReportFilter,
): Promise<FirstContactRow> {
  const [row] = await aggregate<FirstContactRow>(
    db,
    sql`select count(*)::int as n,
        percentile_cont(0.5) within group (order by d) as median,
        percentile_cont(0.9) within group (order by d) as p90
      from (
        select extract(epoch from c.first_contact_at - c.referred_at) / 86400.0 as d
        from cases c
        where ${caseFilter(filter)} and c.first_contact_at is not null
      ) t`,
  );
  return row ?? { n: 0, median: null, p90: null };
}

export type ConnectionGroupRow = {
  dimension: 'category' | 'partner' | 'decline_reason';
  key: string | null;
  label: string | null;
  connections: number;
  declined: number;
  attended: number;
};

/**
 * Connections by category (the first of the directory service's categories, from the
 * search documents), by partner organisation, and partner declines by reason, in one scan.
 */
export function selectConnectionGroups(
  db: Database,
  filter: ReportFilter,
): Promise<ConnectionGroupRow[]> {
  return aggregate<ConnectionGroupRow>(
    db,
    sql`
    with f as (
      select coalesce(d.category_ids[1], 'uncategorised') as category,
        coalesce(x.partner_organisation_id::text, 'none') as partner,
        case when x.status = 'declined'
          then ${codeOf(sql`x.status_reason`, partnerDeclineReasons)} end as decline_reason,
        x.status, x.first_attended_on
      from connections x
      join cases c on c.id = x.case_id
      left join directory_search_documents d on d.service_id = x.service_id
      where ${caseFilter(filter)}
    ), g as (
      select
        case when grouping(category) = 0 then 'category'
          when grouping(partner) = 0 then 'partner'
          else 'decline_reason' end as dimension,
        coalesce(category, partner, decline_reason) as key,
        count(*)::int as connections,
        count(*) filter (where status = 'declined')::int as declined,
        count(*) filter (where status in ${attendedStatuses} or first_attended_on is not null)::int
          as attended
      from f
      group by grouping sets ((category), (partner), (decline_reason))
    )
    select g.*, o.name as label
    from g
    left join organisations o on g.dimension = 'partner' and o.id::text = g.key
    where g.dimension <> 'decline_reason' or g.key is not null`,
  );
}

export function selectSiteNames(
  db: Database,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectRows(db, sql`select id, name from sites where id = any(${uuidArray(ids)})`);
}

export function selectAccountNames(
  db: Database,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectRows(
    db,
    sql`select id, display_name as name from accounts where id = any(${uuidArray(ids)})`,
  );
}

export type PairCountRow = {
  instrument_id: string;
  scale: string;
  before: number;
  after: number;
  count: number;
};

/** Later timepoints win a tie on the date. */
export const timepointRank = sql`case m.timepoint when 'month_3' then 1 when 'month_6' then 2
  when 'month_12' then 3 when 'discharge' then 4 else 0 end`;

/**
 * For each case in scope, instrument and scale: the baseline score and the score of the
 * latest follow-up (any timepoint after the baseline), only where both exist; then how
 * many cases share each (before, after) pair. Scores take few distinct values, so a
 * million pairs travel as a few hundred rows. One hash aggregation, no sort: the latest
 * follow-up is the greatest [date, timepoint, value] array.
 */
export function selectOutcomePairCounts(
  db: Database,
  filter: ReportFilter,
): Promise<PairCountRow[]> {
  const byDate = filter.from !== null || filter.to !== null;
  const scope: SQL[] = [sql`s.value is not null`];
  if (filter.siteIds) scope.push(sql`m.site_id = any(${uuidArray(filter.siteIds)})`);
  if (byDate) scope.push(caseFilter({ ...filter, siteIds: null }));
  return aggregate<PairCountRow>(
    db,
    sql`
    with per_case as (
      select m.instrument_id, s.scale,
        max(s.value) filter (where m.timepoint = 'baseline') as before,
        max(array[(m.taken_on - date '2000-01-01')::float8, ${timepointRank}::float8, s.value])
          filter (where m.timepoint <> 'baseline') as latest
      from measurements m
      join measurement_scores s on s.measurement_id = m.id
      ${byDate ? sql`join cases c on c.id = m.case_id` : sql``}
      where ${sql.join(scope, sql` and `)}
      group by m.case_id, m.instrument_id, s.scale
    )
    select instrument_id, scale, before, latest[3] as after, count(*)::int as count
    from per_case
    where before is not null and latest is not null
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4`,
  );
}

export function selectSitesExist(db: Database, ids: readonly string[]): Promise<{ id: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectRows(db, sql`select id from sites where id = any(${uuidArray(ids)})`);
}

export type ExportRow = {
  person_id: string;
  site_name: string;
  source: string;
  reasons: string[];
  urgency: string;
  referred_month: string;
  first_contact_month: string | null;
  accepted_month: string | null;
  closed_month: string | null;
  status: string;
  closure_reason: string | null;
  days_to_first_contact: number | null;
  age_band: string;
  sex: string;
  language: string;
  area: string;
  contacted: boolean;
  accepted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
  attended: boolean;
  /** Category key or id to count. */
  connection_categories: Record<string, number> | null;
  /** "instrument.scale" to [baseline, latest follow-up]. */
  scores: Record<string, [number | null, number | null]> | null;
};

/** One row per case in scope, already coarsened: months, bands and areas, never exact values. */
export function exportRowsSql(filter: ReportFilter): SQL {
  return sql`
    with cx as (
      select x.case_id, coalesce(d.category_ids[1], 'uncategorised') as category, count(*)::int as n,
        bool_or(x.status in ${connectedStatuses}) as connected,
        bool_or(x.status in ${attendedStatuses} or x.first_attended_on is not null) as attended
      from connections x
      join cases c on c.id = x.case_id
      left join directory_search_documents d on d.service_id = x.service_id
      where ${caseFilter(filter)}
      group by x.case_id, 2
    ), cxs as (
      select case_id, jsonb_object_agg(category, n) as categories,
        bool_or(connected) as connected, bool_or(attended) as attended
      from cx group by case_id
    ), m as (
      select m.case_id, m.instrument_id || '.' || s.scale as k, m.timepoint, m.taken_on, s.value
      from measurements m
      join measurement_scores s on s.measurement_id = m.id
      join cases c on c.id = m.case_id
      where ${caseFilter(filter)} and s.value is not null
    ), ms as (
      select case_id, k,
        max(value) filter (where timepoint = 'baseline') as baseline,
        (array_agg(value order by taken_on desc, timepoint desc)
          filter (where timepoint <> 'baseline'))[1] as latest
      from m group by case_id, k
    ), msa as (
      select case_id, jsonb_object_agg(k, jsonb_build_array(baseline, latest)) as scores
      from ms group by case_id
    )
    select c.person_id, st.name as site_name, c.source, c.reasons, c.urgency,
      to_char(c.referred_at at time zone 'UTC', 'YYYY-MM') as referred_month,
      to_char(c.first_contact_at at time zone 'UTC', 'YYYY-MM') as first_contact_month,
      to_char(c.accepted_at at time zone 'UTC', 'YYYY-MM') as accepted_month,
      to_char(c.closed_at at time zone 'UTC', 'YYYY-MM') as closed_month,
      c.status,
      case when c.status = 'discharged'
        then ${codeOf(sql`c.closure_reason`, dischargeReasons)} end as closure_reason,
      floor(extract(epoch from c.first_contact_at - c.referred_at) / 86400)::int
        as days_to_first_contact,
      ${ageBand} as age_band,
      coalesce(p.sex, 'not_stated') as sex,
      p.preferred_language as language,
      ${areaOf(sql`p.postal_code`)} as area,
      c.first_contact_at is not null as contacted,
      c.accepted_at is not null as accepted,
      a.completed_at is not null as assessed,
      ap.agreed_on is not null as planned,
      coalesce(cxs.connected, false) as connected,
      coalesce(cxs.attended, false) as attended,
      cxs.categories as connection_categories,
      msa.scores
    from cases c
    join people p on p.id = c.person_id
    join sites st on st.id = c.site_id
    left join assessments a on a.case_id = c.id
    left join action_plans ap on ap.case_id = c.id
    left join cxs on cxs.case_id = c.id
    left join msa on msa.case_id = c.id
    where ${caseFilter(filter)}
    order by c.referred_at, c.id`;
}
