import {
  type SQL,
  and,
  asc,
  count,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  or,
  sql,
} from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import {
  directoryAccessibility,
  directoryAddresses,
  directoryAttributes,
  directoryCostOptions,
  directoryLanguages,
  directoryLocations,
  directoryMetadata,
  directoryOrganizations,
  directoryRecords,
  directorySchedules,
  directoryServiceAtLocations,
  directoryServiceCapacities,
  directoryServices,
  directoryTaxonomies,
  directoryTaxonomyTerms,
  type DirectoryTranslations,
} from '../../db/schema';
import { type HsdsEntityType, type HsdsRecord, isObject } from './hsds';
import { publishedAuthor } from './directory-rules';

const batchSize = 500;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const instant = (value: unknown): Date | null => {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** One typed table: its drizzle table and the columns an HSDS record fills. */
type TypedSpec = {
  kind: 'typed';
  table: PgTable & { id: PgColumn; record: PgColumn; version: PgColumn; updatedAt: PgColumn };
  columns(record: HsdsRecord): Record<string, unknown>;
  /** Columns the application owns: an import never overwrites them. */
  appOwned?: string[];
};

const typed: Partial<Record<HsdsEntityType, TypedSpec>> = {
  organization: {
    kind: 'typed',
    table: directoryOrganizations,
    columns: (r) => ({
      name: text(r.name) ?? '',
      description: text(r.description),
      parentOrganizationId: text(r.parent_organization_id),
    }),
  },
  service: {
    kind: 'typed',
    table: directoryServices,
    columns: (r) => ({
      organizationId: text(r.organization_id),
      programId: text(r.program_id),
      name: text(r.name) ?? '',
      description: text(r.description),
      status: text(r.status) ?? 'active',
      minimumAge: number(r.minimum_age),
      maximumAge: number(r.maximum_age),
      lastModified: instant(r.last_modified),
    }),
  },
  location: {
    kind: 'typed',
    table: directoryLocations,
    columns: (r) => ({
      organizationId: text(r.organization_id),
      locationType: text(r.location_type) ?? 'physical',
      name: text(r.name),
      latitude: number(r.latitude),
      longitude: number(r.longitude),
    }),
  },
  service_at_location: {
    kind: 'typed',
    table: directoryServiceAtLocations,
    columns: (r) => ({ serviceId: text(r.service_id), locationId: text(r.location_id) }),
  },
  address: {
    kind: 'typed',
    table: directoryAddresses,
    columns: (r) => ({
      locationId: text(r.location_id),
      addressType: text(r.address_type),
      city: text(r.city),
      postalCode: text(r.postal_code),
      country: text(r.country),
    }),
  },
  schedule: {
    kind: 'typed',
    table: directorySchedules,
    columns: (r) => ({
      serviceId: text(r.service_id),
      locationId: text(r.location_id),
      serviceAtLocationId: text(r.service_at_location_id),
      freq: text(r.freq),
      byday: text(r.byday),
      opensAt: text(r.opens_at),
      closesAt: text(r.closes_at),
    }),
  },
  language: {
    kind: 'typed',
    table: directoryLanguages,
    columns: (r) => ({
      serviceId: text(r.service_id),
      locationId: text(r.location_id),
      phoneId: text(r.phone_id),
      code: text(r.code),
      name: text(r.name),
    }),
  },
  accessibility: {
    kind: 'typed',
    table: directoryAccessibility,
    columns: (r) => ({ locationId: text(r.location_id) }),
  },
  cost_option: {
    kind: 'typed',
    table: directoryCostOptions,
    columns: (r) => ({
      serviceId: text(r.service_id),
      option: text(r.option),
      amount: number(r.amount),
      currency: text(r.currency),
    }),
  },
  taxonomy: {
    kind: 'typed',
    table: directoryTaxonomies,
    columns: (r) => ({ name: text(r.name) ?? '' }),
  },
  taxonomy_term: {
    kind: 'typed',
    table: directoryTaxonomyTerms,
    columns: (r) => ({
      taxonomyId: text(r.taxonomy_id),
      parentId: text(r.parent_id),
      code: text(r.code),
      name: text(r.name) ?? '',
    }),
  },
  attribute: {
    kind: 'typed',
    table: directoryAttributes,
    columns: (r) => ({
      linkId: text(r.link_id),
      linkEntity: text(r.link_entity),
      taxonomyTermId: text(r.taxonomy_term_id),
    }),
  },
  service_capacity: {
    kind: 'typed',
    table: directoryServiceCapacities,
    columns: (r) => ({
      serviceId: text(r.service_id),
      unitId: text(r.unit_id),
      available: number(r.available),
      maximum: number(r.maximum),
      updated: instant(r.updated),
    }),
  },
  metadata: {
    kind: 'typed',
    table: directoryMetadata,
    columns: (r) => ({
      resourceId: text(r.resource_id),
      resourceType: text(r.resource_type),
      lastActionDate: text(r.last_action_date),
      lastActionType: text(r.last_action_type),
      fieldName: text(r.field_name),
    }),
  },
};

/** The stored HSDS records of one type among `ids`. */
export async function selectRecordsByIds(
  db: Database,
  type: HsdsEntityType,
  ids: string[],
): Promise<HsdsRecord[]> {
  const found: HsdsRecord[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000);
    const spec = typed[type];
    const rows = spec
      ? await db
          .select({ record: spec.table.record })
          .from(spec.table)
          .where(inArray(spec.table.id, slice))
      : await db
          .select({ record: directoryRecords.record })
          .from(directoryRecords)
          .where(and(eq(directoryRecords.entityType, type), inArray(directoryRecords.id, slice)));
    found.push(...rows.map((row) => asRecord(row.record)));
  }
  return found;
}

/** Every stored record of one type, in id order. */
export async function selectAllRecords(db: Database, type: HsdsEntityType): Promise<HsdsRecord[]> {
  const spec = typed[type];
  const rows = spec
    ? await db.select({ record: spec.table.record }).from(spec.table).orderBy(asc(spec.table.id))
    : await db
        .select({ record: directoryRecords.record })
        .from(directoryRecords)
        .where(eq(directoryRecords.entityType, type))
        .orderBy(asc(directoryRecords.id));
  return rows.map((row) => asRecord(row.record));
}

/** Records of one type whose `field` (a reference to a parent) is among `parentIds`. */
export async function selectRecordsByParent(
  db: Database,
  type: HsdsEntityType,
  field: string,
  parentIds: string[],
): Promise<HsdsRecord[]> {
  if (parentIds.length === 0) return [];
  const spec = typed[type];
  if (spec) {
    const column = columnNamed(spec.table, field);
    if (!column) return [];
    const rows = await db
      .select({ record: spec.table.record })
      .from(spec.table)
      .where(inArray(column, parentIds));
    return rows.map((row) => asRecord(row.record));
  }
  const rows = await db
    .select({ record: directoryRecords.record })
    .from(directoryRecords)
    .where(
      and(
        eq(directoryRecords.entityType, type),
        sql`${directoryRecords.parentIds} && ${sql.param(parentIds)}::text[]`,
      ),
    );
  return rows
    .map((row) => asRecord(row.record))
    .filter((record) => parentIds.includes(String(record[field])));
}

function columnNamed(table: PgTable, name: string): PgColumn | undefined {
  return Object.values(getTableColumns(table)).find((column) => column.name === name);
}

function asRecord(value: unknown): HsdsRecord {
  if (!isObject(value)) return { id: '' };
  const record: HsdsRecord = { ...value, id: String(value.id) };
  // Every read of stored history goes out as it may be published (directory-rules.ts).
  const author = record.updated_by;
  if (typeof author === 'string' && 'field_name' in record)
    record.updated_by = publishedAuthor(author);
  return record;
}

/** Inserts new records and rewrites changed ones; the typed columns follow the record. */
export async function upsertRecords(
  db: Database,
  type: HsdsEntityType,
  records: HsdsRecord[],
): Promise<void> {
  for (let i = 0; i < records.length; i += batchSize) {
    const slice = records.slice(i, i + batchSize);
    const spec = typed[type];
    if (spec) await upsertTyped(db, spec, slice);
    else await upsertGeneric(db, type, slice);
  }
}

async function upsertTyped(db: Database, spec: TypedSpec, records: HsdsRecord[]): Promise<void> {
  const values = records.map((record) => ({ id: record.id, record, ...spec.columns(record) }));
  const first = values[0];
  if (!first) return;
  const columns = getTableColumns(spec.table);
  const set: Record<string, SQL> = {
    version: sql`${spec.table.version} + 1`,
    updatedAt: sql`now()`,
  };
  for (const key of Object.keys(first)) {
    const column = columns[key];
    if (key !== 'id' && column) set[key] = sql.raw(`excluded."${column.name}"`);
  }
  await db.insert(spec.table).values(values).onConflictDoUpdate({ target: spec.table.id, set });
}

async function upsertGeneric(
  db: Database,
  type: HsdsEntityType,
  records: HsdsRecord[],
): Promise<void> {
  const values = records.map((record) => ({
    entityType: type,
    id: record.id,
    parentIds: referencesOf(record),
    record,
  }));
  await db
    .insert(directoryRecords)
    .values(values)
    .onConflictDoUpdate({
      target: [directoryRecords.entityType, directoryRecords.id],
      set: {
        parentIds: sql`excluded.parent_ids`,
        record: sql`excluded.record`,
        version: sql`${directoryRecords.version} + 1`,
        updatedAt: sql`now()`,
      },
    });
}

function referencesOf(record: HsdsRecord): string[] {
  return Object.entries(record).flatMap(([key, value]) =>
    key.endsWith('_id') && typeof value === 'string' ? [value] : [],
  );
}

/** Referral status follows the HSDS capacities a service publishes: none available is full. */
export async function updateReferralStatusFromCapacities(
  db: Database,
  serviceIds: string[],
): Promise<void> {
  for (let i = 0; i < serviceIds.length; i += 1000) {
    const slice = serviceIds.slice(i, i + 1000);
    await db
      .update(directoryServices)
      .set({
        referralStatus: sql`case when exists (
          select 1 from ${directoryServiceCapacities}
          where ${directoryServiceCapacities.serviceId} = ${directoryServices.id}
            and ${directoryServiceCapacities.available} > 0
        ) then 'open' else 'full' end`,
      })
      .where(
        and(
          inArray(directoryServices.id, slice),
          sql`exists (select 1 from ${directoryServiceCapacities} where ${directoryServiceCapacities.serviceId} = ${directoryServices.id})`,
        ),
      );
  }
}

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

/** The Passerelle-only facets of a listing, which HSDS imports never overwrite. */
export async function updateServiceFacets(
  db: Database,
  id: string,
  facets: {
    sourceLanguage: 'fr' | 'en';
    translations: DirectoryTranslations;
    referralStatus: 'open' | 'waitlist' | 'full';
  },
): Promise<void> {
  await db
    .update(directoryServices)
    .set({ ...facets, lastConfirmedAt: sql`now()` })
    .where(eq(directoryServices.id, id));
}

export async function linkPartnerOrganisation(
  db: Database,
  directoryOrganizationId: string,
  partnerOrganisationId: string,
): Promise<void> {
  await db
    .update(directoryOrganizations)
    .set({ partnerOrganisationId })
    .where(eq(directoryOrganizations.id, directoryOrganizationId));
}

/** A typed record with its version, to tell later whether it changed. */
export async function selectRecordWithVersion(
  db: Database,
  type: HsdsEntityType,
  id: string,
): Promise<{ record: HsdsRecord; version: number } | undefined> {
  const spec = typed[type];
  if (!spec) return undefined;
  const [row] = await db
    .select({ record: spec.table.record, version: spec.table.version })
    .from(spec.table)
    .where(eq(spec.table.id, id));
  return row ? { record: asRecord(row.record), version: Number(row.version) } : undefined;
}
