import { type SQL, sql } from 'drizzle-orm';
import { dischargeReasons, partnerDeclineReasons } from '../../../shared/pathway';
import { type Database, selectRows } from '../../db/client';
import { stageCounts } from './report-stage-counts';
import {
  type ReportFilter,
  aggregate,
  ageBand,
  areaOf,
  attendedStatuses,
  caseFilter,
  codeOf,
  connectedStatuses,
  outcomePairs,
  uuidArray,
  outcomeGroupKey,
} from './report-expressions';
import type { OutcomeGroupDimension } from '../../../shared/contracts/reports';

export type { ReportFilter } from './report-expressions';

/**
 * The evaluation reports computed live from the pathway tables. The dashboard and the
 * instrument change read the summaries instead (reports-queries.ts,
 * report-summaries-queries.ts); these live figures are the definition the summaries must
 * equal (test/integration/report-summaries.test.ts checks it) and share their expressions
 * (report-expressions.ts). Everything is aggregated in the database (GROUP BY, GROUPING
 * SETS, percentile_cont).
 */

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

/** Whole days from referral to first contact (as the research export gives them). */
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
        select floor(extract(epoch from c.first_contact_at - c.referred_at) / 86400.0) as d
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
  /** Null: baselines no follow-up pairs with (lost to follow-up). */
  after: number | null;
  count: number;
};

/**
 * For each case in scope, instrument and scale with a baseline: the baseline score and the
 * follow-up score the pairing rule chose (report-expressions.ts, outcomePairs), or null;
 * then how many cases share each (before, after). Scores take few distinct values, so a
 * million cases travel as a few hundred rows.
 */
export function selectOutcomePairCounts(
  db: Database,
  filter: ReportFilter,
): Promise<PairCountRow[]> {
  const byDate = filter.from !== null || filter.to !== null;
  const scope: SQL[] = [sql`true`];
  if (filter.siteIds) scope.push(sql`m.site_id = any(${uuidArray(filter.siteIds)})`);
  if (byDate) scope.push(caseFilter({ ...filter, siteIds: null }));
  return aggregate<PairCountRow>(
    db,
    sql`
    select instrument_id, scale, before, after, count(*)::int as count
    from (${outcomePairs(sql.join(scope, sql` and `), byDate)}) p
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4`,
  );
}

export type GroupPairCountRow = PairCountRow & { key: string };

/**
 * The pairs of selectOutcomePairCounts (with a follow-up only) per group of one
 * breakdown: the definition report_outcome_pairs joined to report_case_facts must equal.
 */
export function selectOutcomeGroupPairCounts(
  db: Database,
  filter: ReportFilter,
  dimension: OutcomeGroupDimension,
): Promise<GroupPairCountRow[]> {
  const key = outcomeGroupKey(dimension, {
    site: sql`c.site_id`,
    ageBand,
    sex: sql`coalesce(p.sex, 'not_stated')`,
    language: sql`p.preferred_language`,
    area: areaOf(sql`p.postal_code`),
    reason: sql`r`,
  });
  return aggregate<GroupPairCountRow>(
    db,
    sql`
    select ${key} as key, o.instrument_id, o.scale, o.before, o.after, count(*)::int as count
    from (${outcomePairs(filter.siteIds ? sql`m.site_id = any(${uuidArray(filter.siteIds)})` : sql`true`)}) o
    join cases c on c.id = o.case_id
    join people p on p.id = c.person_id
    cross join lateral unnest(case when ${dimension === 'reason'} then c.reasons
      else array[null::text] end) as r
    where o.after is not null and ${caseFilter(filter)}
    group by 1, 2, 3, 4, 5`,
  );
}
