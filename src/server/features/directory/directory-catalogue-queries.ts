import { type SQL, and, asc, count, eq, gte, ilike, or, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import {
  directoryAddresses,
  directoryAttributes,
  directoryLocations,
  directoryOrganizations,
  directoryServiceAtLocations,
  directoryServices,
  directoryTaxonomies,
  directoryTaxonomyTerms,
} from '../../db/schema';
import type { HsdsRecord } from './hsds';
import { asRecord } from './directory-tables';

/** The pages of the HSDS API's lists: filters, then one page of stored records. */

export type RecordPage = { total: number; records: HsdsRecord[] };
export type Paging = { page: number; perPage: number };

export type ServiceFilters = {
  search?: string | undefined;
  taxonomyTermId?: string | undefined;
  taxonomyId?: string | undefined;
  organizationId?: string | undefined;
  modifiedAfter?: Date | undefined;
};

/** `%` and `_` in what a caller types are letters, not wildcards. */
function containing(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Links to a term, or to any term of a taxonomy, through HSDS attributes of `linkId`. */
function linkedToTerm(linkId: SQL | PgColumn, filters: ServiceFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.taxonomyTermId) {
    conditions.push(sql`exists (select 1 from ${directoryAttributes}
      where ${directoryAttributes.linkId} = ${linkId}
        and ${directoryAttributes.taxonomyTermId} = ${filters.taxonomyTermId})`);
  }
  if (filters.taxonomyId) {
    conditions.push(sql`exists (select 1 from ${directoryAttributes}
      join ${directoryTaxonomyTerms} on ${directoryTaxonomyTerms.id} = ${directoryAttributes.taxonomyTermId}
      where ${directoryAttributes.linkId} = ${linkId}
        and ${directoryTaxonomyTerms.taxonomyId} = ${filters.taxonomyId})`);
  }
  return conditions;
}

function serviceConditions(filters: ServiceFilters): SQL[] {
  const s = directoryServices;
  const conditions = linkedToTerm(s.id, filters);
  if (filters.search) {
    const pattern = containing(filters.search);
    const match = or(ilike(s.name, pattern), ilike(s.description, pattern));
    if (match) conditions.push(match);
  }
  if (filters.organizationId) conditions.push(eq(s.organizationId, filters.organizationId));
  if (filters.modifiedAfter) {
    conditions.push(gte(sql`coalesce(${s.lastModified}, ${s.updatedAt})`, filters.modifiedAfter));
  }
  return conditions;
}

async function pageOfTable(
  db: Database,
  table: PgTable & { id: PgColumn; record: PgColumn },
  orderBy: PgColumn,
  where: SQL | undefined,
  paging: Paging,
): Promise<RecordPage> {
  const [total] = await db.select({ value: count() }).from(table).where(where);
  const rows = await db
    .select({ record: table.record })
    .from(table)
    .where(where)
    .orderBy(asc(orderBy), asc(table.id))
    .limit(paging.perPage)
    .offset((paging.page - 1) * paging.perPage);
  return { total: total?.value ?? 0, records: rows.map((row) => asRecord(row.record)) };
}

/** Services matching every filter given, by name. */
export function selectServicePage(
  db: Database,
  filters: ServiceFilters,
  paging: Paging,
): Promise<RecordPage> {
  const where = and(...serviceConditions(filters));
  return pageOfTable(db, directoryServices, directoryServices.name, where, paging);
}

export function selectOrganizationPage(
  db: Database,
  filters: ServiceFilters,
  paging: Paging,
): Promise<RecordPage> {
  const o = directoryOrganizations;
  const conditions: SQL[] = [];
  if (filters.search) {
    const pattern = containing(filters.search);
    const match = or(ilike(o.name, pattern), ilike(o.description, pattern));
    if (match) conditions.push(match);
  }
  const byTerm = linkedToTerm(directoryServices.id, filters);
  if (byTerm.length > 0) {
    // An organization carries a term when one of its services does.
    conditions.push(sql`exists (select 1 from ${directoryServices}
      where ${directoryServices.organizationId} = ${o.id} and ${and(...byTerm)})`);
  }
  return pageOfTable(db, o, o.name, and(...conditions), paging);
}

export type PlaceFilters = ServiceFilters & {
  postcode?: string | undefined;
  proximityMeters?: number | undefined;
};

const normalisedPostcode = (value: SQL | PgColumn): SQL => sql`upper(replace(${value}, ' ', ''))`;

/**
 * Services at locations. `postcode` alone keeps places whose address has that postcode;
 * with `proximity` (meters) it keeps places within that distance of the postcode's
 * centroid, taken from the directory's own addresses (there is no postcode gazetteer).
 */
export function selectServiceAtLocationPage(
  db: Database,
  filters: PlaceFilters,
  paging: Paging,
): Promise<RecordPage> {
  const sal = directoryServiceAtLocations;
  const conditions: SQL[] = [];
  const forService = serviceConditions(filters);
  if (forService.length > 0) {
    conditions.push(sql`exists (select 1 from ${directoryServices}
      where ${directoryServices.id} = ${sal.serviceId} and ${and(...forService)})`);
  }
  if (filters.postcode) {
    const code = filters.postcode.replace(/\s+/g, '').toUpperCase();
    const withCode = sql`select 1 from ${directoryAddresses}
      where ${normalisedPostcode(directoryAddresses.postalCode)} = ${code}`;
    if (filters.proximityMeters === undefined) {
      conditions.push(
        sql`exists (${withCode} and ${directoryAddresses.locationId} = ${sal.locationId})`,
      );
    } else {
      conditions.push(sql`exists (
        select 1 from ${directoryLocations} place,
          (select avg(centre.latitude) as latitude, avg(centre.longitude) as longitude
             from ${directoryLocations} centre
             join ${directoryAddresses} on ${directoryAddresses.locationId} = centre.id
            where ${normalisedPostcode(directoryAddresses.postalCode)} = ${code}
              and centre.latitude is not null and centre.longitude is not null) centroid
        where place.id = ${sal.locationId}
          and centroid.latitude is not null
          and earth_box(ll_to_earth(centroid.latitude, centroid.longitude), ${filters.proximityMeters})
              @> ll_to_earth(place.latitude, place.longitude)
          and earth_distance(ll_to_earth(centroid.latitude, centroid.longitude),
              ll_to_earth(place.latitude, place.longitude)) <= ${filters.proximityMeters})`);
    }
  }
  return pageOfTable(db, sal, sal.id, and(...conditions), paging);
}

export function selectTaxonomyPage(
  db: Database,
  search: string | undefined,
  paging: Paging,
): Promise<RecordPage> {
  const t = directoryTaxonomies;
  const where = search ? ilike(t.name, containing(search)) : undefined;
  return pageOfTable(db, t, t.name, where, paging);
}

export type TermFilters = {
  search?: string | undefined;
  taxonomyId?: string | undefined;
  parentId?: string | undefined;
  topOnly?: boolean | undefined;
};

export function selectTaxonomyTermPage(
  db: Database,
  filters: TermFilters,
  paging: Paging,
): Promise<RecordPage> {
  const t = directoryTaxonomyTerms;
  const conditions: SQL[] = [];
  if (filters.search) {
    const pattern = containing(filters.search);
    const match = or(ilike(t.name, pattern), ilike(t.code, pattern));
    if (match) conditions.push(match);
  }
  if (filters.taxonomyId) conditions.push(eq(t.taxonomyId, filters.taxonomyId));
  if (filters.parentId) conditions.push(eq(t.parentId, filters.parentId));
  if (filters.topOnly) conditions.push(sql`${t.parentId} is null`);
  return pageOfTable(db, t, t.name, and(...conditions), paging);
}
