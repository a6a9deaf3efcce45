import { type SQL, sql } from 'drizzle-orm';
import { dischargeReasons, partnerDeclineReasons } from '../../../shared/pathway';
import {
  type ReportFilter,
  ageBand,
  areaOf,
  attendedStatuses,
  caseFilter,
  codeOf,
  connectedStatuses,
  outcomePairs,
  timepointPairs,
} from './report-expressions';

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
  /** Category key or id to count of connections, and of those attended. */
  connection_categories: Record<string, number> | null;
  attended_categories: Record<string, number> | null;
  /** Partner decline reason (a code of partnerDeclineReasons) to count. */
  declines: Record<string, number> | null;
  /**
   * "instrument.scale" to [baseline, paired follow-up (the pairing rule: outcomePairs), the
   * month that pair ends at (the baseline's without one), then the follow-up at month_3,
   * month_6, month_12 and discharge (timepointPairs)].
   */
  scores: Record<string, (number | string | null)[]> | null;
};

/** One row per case in scope, already coarsened: months, bands and areas, never exact values. */
export function exportRowsSql(filter: ReportFilter): SQL {
  return sql`
    with cx as (
      select x.case_id, coalesce(d.category_ids[1], 'uncategorised') as category, count(*)::int as n,
        count(*) filter (where x.status in ${attendedStatuses}
          or x.first_attended_on is not null)::int as attended_n,
        bool_or(x.status in ${connectedStatuses}) as connected,
        bool_or(x.status in ${attendedStatuses} or x.first_attended_on is not null) as attended
      from connections x
      join cases c on c.id = x.case_id
      left join directory_search_documents d on d.service_id = x.service_id
      where ${caseFilter(filter)}
      group by x.case_id, 2
    ), cxs as (
      select case_id, jsonb_object_agg(category, n) as categories,
        jsonb_object_agg(category, attended_n) as attended_categories,
        bool_or(connected) as connected, bool_or(attended) as attended
      from cx group by case_id
    ), dx as (
      select case_id, jsonb_object_agg(reason, n) as declines
      from (
        select x.case_id, ${codeOf(sql`x.status_reason`, partnerDeclineReasons)} as reason,
          count(*)::int as n
        from connections x
        join cases c on c.id = x.case_id
        where x.status = 'declined' and ${caseFilter(filter)}
        group by 1, 2
      ) d
      group by case_id
    ), ms as (
      select p.case_id, p.instrument_id || '.' || p.scale as k, p.before, p.after,
        to_char(p.measured_on, 'YYYY-MM') as measured_month
      from (${outcomePairs(caseFilter(filter), true)}) p
    ), tp as (
      select p.case_id, p.instrument_id || '.' || p.scale as k,
        jsonb_object_agg(p.timepoint, p.after) as at
      from (${timepointPairs(caseFilter(filter), true)}) p
      group by 1, 2
    ), msa as (
      select ms.case_id, jsonb_object_agg(ms.k, jsonb_build_array(ms.before, ms.after,
        ms.measured_month, tp.at->'month_3', tp.at->'month_6', tp.at->'month_12',
        tp.at->'discharge')) as scores
      from ms left join tp on tp.case_id = ms.case_id and tp.k = ms.k
      group by ms.case_id
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
      cxs.attended_categories,
      dx.declines,
      msa.scores
    from cases c
    join people p on p.id = c.person_id
    join sites st on st.id = c.site_id
    left join assessments a on a.case_id = c.id
    left join action_plans ap on ap.case_id = c.id
    left join cxs on cxs.case_id = c.id
    left join dx on dx.case_id = c.id
    left join msa on msa.case_id = c.id
    where ${caseFilter(filter)}
    order by c.referred_at, c.id`;
}
