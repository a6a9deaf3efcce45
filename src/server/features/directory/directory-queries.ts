import { type SQL, and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  directoryOrganizations,
  directoryRecords,
  directoryServiceCapacities,
  directoryServices,
  type DirectoryTranslations,
} from '../../db/schema';
import type { HsdsEntityType, HsdsRecord } from './hsds';
import { type TypedSpec, asRecord, columnNamed, typedTables } from './directory-tables';

const batchSize = 500;

/** The stored HSDS records of one type among `ids`. */
export async function selectRecordsByIds(
  db: Database,
  type: HsdsEntityType,
  ids: string[],
): Promise<HsdsRecord[]> {
  const found: HsdsRecord[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000);
    const spec = typedTables[type];
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
  const spec = typedTables[type];
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
  const spec = typedTables[type];
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

/** Inserts new records and rewrites changed ones; the typed columns follow the record. */
export async function upsertRecords(
  db: Database,
  type: HsdsEntityType,
  records: HsdsRecord[],
): Promise<void> {
  for (let i = 0; i < records.length; i += batchSize) {
    const slice = records.slice(i, i + batchSize);
    const spec = typedTables[type];
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
  const spec = typedTables[type];
  if (!spec) return undefined;
  const [row] = await db
    .select({ record: spec.table.record, version: spec.table.version })
    .from(spec.table)
    .where(eq(spec.table.id, id));
  return row ? { record: asRecord(row.record), version: Number(row.version) } : undefined;
}
