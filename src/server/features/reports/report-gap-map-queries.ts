import { sql } from 'drizzle-orm';
import {
  connectionStopReasons,
  needDomains,
  partnerDeclineReasons,
  referralReasons,
} from '../../../shared/pathway';
import type { Database } from '../../db/client';
import { type ReportFilter, aggregate, areaOf, codeOf } from './report-expressions';

/**
 * The gap map's reads. Demand comes from the report summaries' case facts (site, referral
 * month, coarse area, reasons) joined to the cases' "what matters" needs and connections;
 * supply from the directory's search documents (categories, referral status, languages,
 * point). Counts are per unit (a site's month), so a report adds up its own units and the
 * overlap rule compares it with every other report of the year.
 */

/** Which table a demand count belongs to, its area and its column (a reason, a need or 'referred'). */
export type GapDemandRow = {
  unit: string;
  table: 'reason' | 'need';
  area: string;
  key: string;
  count: number;
};

const factsOf = (filter: ReportFilter): ReturnType<typeof sql> => sql`
  select f.case_id, f.site_id::text || '|' || to_char(f.month, 'YYYY-MM') as unit, f.area, f.reasons
  from report_case_facts f
  where ${filter.from ? sql`f.month >= ${filter.from}::date` : sql`true`}
    and ${filter.to ? sql`f.month <= ${filter.to}::date` : sql`true`}`;

/**
 * Referrals by unit and area: all of them ('referred'), by referral reason (a case once per
 * code), and by "what matters" need domain assessed as some or high need.
 */
export function selectGapDemand(db: Database, filter: ReportFilter): Promise<GapDemandRow[]> {
  const needCodes = `{${needDomains.join(',')}}`;
  return aggregate<GapDemandRow>(
    db,
    sql`with f as (${factsOf(filter)})
      select unit, 'reason' as table, area, 'referred' as key, count(*)::int as count
        from f group by unit, area
      union all
      select unit, 'reason', area, reason, count(distinct case_id)::int
        from (select f.unit, f.area, f.case_id, ${codeOf(sql`r`, referralReasons)} as reason
              from f cross join unnest(f.reasons) as r) coded
        group by unit, area, reason
      union all
      select f.unit, 'need', f.area, n.key, count(*)::int
        from f join assessments a on a.case_id = f.case_id
        cross join jsonb_each_text(a.needs) as n(key, value)
        where n.value in ('some', 'high') and n.key = any(${needCodes}::text[])
        group by f.unit, f.area, n.key`,
  );
}

export type GapEndingRow = {
  unit: string;
  status: 'declined' | 'stopped';
  reason: string;
  /** The service's categories (our category ids among the search document's). */
  category_ids: string[];
  /** The case's referral reasons, coded. */
  reasons: string[];
  count: number;
};

/**
 * Connections the partner declined or the person stopped, by unit, coded reason, the
 * service's categories and the case's reasons: the service answers a need when its
 * categories meet the need's (need-categories.ts), which the service works out.
 */
export function selectGapEndings(db: Database, filter: ReportFilter): Promise<GapEndingRow[]> {
  return aggregate<GapEndingRow>(
    db,
    sql`with f as (${factsOf(filter)})
      select f.unit, x.status,
        case when x.status = 'declined' then ${codeOf(sql`x.status_reason`, partnerDeclineReasons)}
          else ${codeOf(sql`x.status_reason`, connectionStopReasons)} end as reason,
        coalesce(d.category_ids, '{}') as category_ids,
        array(select distinct ${codeOf(sql`r`, referralReasons)} from unnest(f.reasons) r
          order by 1) as reasons,
        count(*)::int as count
      from f
      join connections x on x.case_id = f.case_id
      left join directory_search_documents d on d.service_id = x.service_id
      where x.status in ('declined', 'stopped')
      group by 1, 2, 3, 4, 5`,
  );
}

export type AreaPoint = { area: string; lat: number; lon: number };

/**
 * Each area's reference point: the mean position of the directory's located addresses in
 * it (there is no postal code gazetteer; the search's "near a postal code" does the same).
 */
export function selectAreaPoints(db: Database, areas: readonly string[]): Promise<AreaPoint[]> {
  if (areas.length === 0) return Promise.resolve([]);
  return aggregate<AreaPoint>(
    db,
    sql`select area, avg(lat)::float8 as lat, avg(lon)::float8 as lon
      from (select ${areaOf(sql`replace(a.postal_code, ' ', '')`)} as area,
              l.latitude as lat, l.longitude as lon
            from directory_addresses a join directory_locations l on l.id = a.location_id
            where l.latitude is not null and l.longitude is not null) located
      where area = any(${`{${areas.join(',')}}`}::text[])
      group by area`,
  );
}

export type NearbyServiceRow = {
  area: string;
  category_ids: string[];
  referral_status: 'open' | 'waitlist' | 'full';
  language_codes: string[];
  services: number;
};

/** Active services located within `km` of each point, grouped by what the map tells apart. */
export function selectNearbyServices(
  db: Database,
  points: readonly AreaPoint[],
  km: number,
): Promise<NearbyServiceRow[]> {
  if (points.length === 0) return Promise.resolve([]);
  const meters = km * 1000;
  const centre = sql`ll_to_earth(p.lat, p.lon)`;
  const place = sql`ll_to_earth(d.latitude, d.longitude)`;
  return aggregate<NearbyServiceRow>(
    db,
    sql`select p.area, d.category_ids, d.referral_status, d.language_codes,
        count(*)::int as services
      from jsonb_to_recordset(${JSON.stringify(points)}::jsonb) as p(area text, lat float8, lon float8)
      join directory_search_documents d
        on earth_box(${centre}, ${meters}::float8) @> ${place}
        and earth_distance(${centre}, ${place}) <= ${meters}::float8
      join directory_services s on s.id = d.service_id and s.status = 'active'
      group by 1, 2, 3, 4`,
  );
}
