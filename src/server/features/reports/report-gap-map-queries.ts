import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type ReportFilter, aggregate, areaOf } from './report-expressions';

/**
 * The gap map's reads. Demand comes from the report summaries (report_month_gap_demand and
 * report_month_gap_endings, made from the case facts, the cases' "what matters" needs and
 * their connections); supply from the directory's search documents (categories, referral status, languages,
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

/** A summary's months of the filter, and each row's unit (a site's month). */
const unitOf = sql`site_id::text || '|' || to_char(month, 'YYYY-MM')`;
const monthsOf = (filter: ReportFilter): ReturnType<typeof sql> =>
  sql`${filter.from ? sql`month >= ${filter.from}::date` : sql`true`}
    and ${filter.to ? sql`month <= ${filter.to}::date` : sql`true`}`;

/**
 * Referrals by unit and area: all of them ('referred'), by referral reason (a case once per
 * code), and by "what matters" need domain assessed as some or high need.
 */
export function selectGapDemand(db: Database, filter: ReportFilter): Promise<GapDemandRow[]> {
  return aggregate<GapDemandRow>(
    db,
    sql`select ${unitOf} as unit, kind as table, area, key, sum(count)::int as count
      from report_month_gap_demand
      where ${monthsOf(filter)}
      group by 1, 2, 3, 4`,
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
 * service's categories (looked up now) and the case's reasons: the service answers a need
 * when its categories meet the need's (need-categories.ts), which the service works out.
 */
export function selectGapEndings(db: Database, filter: ReportFilter): Promise<GapEndingRow[]> {
  return aggregate<GapEndingRow>(
    db,
    sql`select ${unitOf} as unit, e.status, e.reason,
        coalesce(d.category_ids, '{}') as category_ids, e.reasons, sum(e.count)::int as count
      from report_month_gap_endings e
      left join directory_search_documents d on d.service_id = e.service_id
      where ${monthsOf(filter)}
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
