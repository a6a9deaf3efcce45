import { type SQL, and, asc, inArray, sql } from 'drizzle-orm';
import { categories, type CategoryKey, isCategoryKey } from '../../../shared/directory-categories';
import type { Database } from '../../db/client';
import {
  directoryAttributes,
  directoryLocations,
  directoryOrganizations,
  directoryServiceAtLocations,
  directoryServices,
  directoryTermCategories,
  type DirectoryTranslations,
} from '../../db/schema';
import { type TimeBound, keysetTime, timeBoundCondition } from '../../db/time-bounds';
import type { HsdsRecord } from './hsds';
import { asRecord } from './directory-tables';

/*
 * The directory a page at a time in the order it changes (time of change, then id), for
 * the systems that read it (interop/fhir HealthcareService, Location, Organization).
 */

export type DirectoryEntity = 'service' | 'location' | 'organization';

/** What a search of one kind of directory record may ask; every filter is optional. */
export type DirectoryChangesFilter = {
  ids?: readonly string[] | undefined;
  lastUpdated: readonly TimeBound[];
  /** Each list a condition (AND), met by a name starting with one of its words (OR). */
  names?: readonly (readonly string[])[] | undefined;
  /** Services only: of one of these categories of ours (their own or a feed term's match). */
  categories?: readonly CategoryKey[] | undefined;
  /** Services only: offered at one of these locations. */
  locationIds?: readonly string[] | undefined;
  /** Services only: provided by one of these organizations. */
  organizationIds?: readonly string[] | undefined;
  /** Keyset: the last row of the previous page. */
  after?: { at: string; id: string } | undefined;
  limit: number;
};

export type DirectoryChangeRow = {
  id: string;
  version: number;
  updatedAt: Date;
  /** The time of change to the microsecond, for the next page's key. */
  at: string;
  record: HsdsRecord;
  /** Services only. */
  referralStatus: 'open' | 'waitlist' | 'full' | null;
  sourceLanguage: 'fr' | 'en' | null;
  translations: DirectoryTranslations;
};

const tables = {
  service: directoryServices,
  location: directoryLocations,
  organization: directoryOrganizations,
} as const;

/** Ids another system can name: R4's id grammar, less the 4 characters of our prefix. */
const exchangeableId = '^[A-Za-z0-9.-]{1,60}$';

/** `%` and `_` in what a caller types are letters, not wildcards. */
function startingWith(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of one kind of record, oldest change first. */
export async function selectDirectoryChanges(
  db: Database,
  entity: DirectoryEntity,
  filter: DirectoryChangesFilter,
): Promise<DirectoryChangeRow[]> {
  const table = tables[entity];
  const service = entity === 'service' ? directoryServices : undefined;
  const conditions: (SQL | undefined)[] = [
    sql`${table.id} ~ ${exchangeableId}`,
    filter.ids && inArray(table.id, [...filter.ids]),
    ...filter.lastUpdated.map((bound) => timeBoundCondition(table.updatedAt, bound)),
    ...(filter.names ?? []).map((words) => nameCondition(entity, words)),
    service &&
      filter.organizationIds &&
      inArray(service.organizationId, [...filter.organizationIds]),
    service && filter.locationIds && offeredAt(filter.locationIds),
    service && filter.categories && ofCategories(filter.categories),
    filter.after &&
      sql`(${table.updatedAt}, ${table.id}) > (${filter.after.at}::timestamptz, ${filter.after.id})`,
  ];
  const rows = await db
    .select({
      id: table.id,
      version: table.version,
      updatedAt: table.updatedAt,
      at: keysetTime(table.updatedAt),
      record: table.record,
      referralStatus: service ? service.referralStatus : sql<null>`null`,
      sourceLanguage: entity === 'location' ? sql<null>`null` : tables[entity].sourceLanguage,
      translations:
        entity === 'location'
          ? sql<DirectoryTranslations>`'{}'::jsonb`
          : tables[entity].translations,
    })
    .from(table)
    .where(and(...conditions))
    .orderBy(asc(table.updatedAt), asc(table.id))
    .limit(filter.limit);
  return rows.map((row) => ({ ...row, record: asRecord(row.record) }));
}

/** A name, or its translation, starting with one of the words (case and accents aside). */
function nameCondition(entity: DirectoryEntity, words: readonly string[]): SQL {
  const table = tables[entity];
  const names =
    entity === 'location'
      ? [sql`${table.name}`]
      : [
          sql`${table.name}`,
          sql`${tables[entity].translations}->'fr'->>'name'`,
          sql`${tables[entity].translations}->'en'->>'name'`,
        ];
  const alternatives = words.flatMap((word) =>
    names.map((name) => sql`unaccent(${name}) ilike unaccent(${startingWith(word)})`),
  );
  return sql`(${sql.join(alternatives, sql` or `)})`;
}

function offeredAt(locationIds: readonly string[]): SQL {
  const sal = directoryServiceAtLocations;
  return sql`exists (select 1 from ${sal} where ${sal.serviceId} = ${directoryServices.id}
    and ${inArray(sal.locationId, [...locationIds])})`;
}

function ofCategories(keys: readonly CategoryKey[]): SQL {
  const termIds = categories.filter((c) => keys.includes(c.key)).map((c) => c.id);
  const a = directoryAttributes;
  const m = directoryTermCategories;
  if (keys.length === 0) return sql`false`;
  return sql`exists (select 1 from ${a} left join ${m} on ${m.termId} = ${a.taxonomyTermId}
    where ${a.linkId} = ${directoryServices.id}
      and (${termIds.length ? inArray(a.taxonomyTermId, termIds) : sql`false`}
        or ${inArray(m.category, [...keys])}))`;
}

/** Our categories of each service: the terms of ours it carries, and its feed's terms matched to ours. */
export async function selectServiceCategories(
  db: Database,
  serviceIds: readonly string[],
): Promise<Map<string, CategoryKey[]>> {
  const found = new Map<string, CategoryKey[]>();
  if (serviceIds.length === 0) return found;
  const a = directoryAttributes;
  const m = directoryTermCategories;
  const rows = await db
    .select({ serviceId: a.linkId, termId: a.taxonomyTermId, mapped: m.category })
    .from(a)
    .leftJoin(m, sql`${m.termId} = ${a.taxonomyTermId}`)
    .where(inArray(a.linkId, [...serviceIds]));
  for (const row of rows) {
    const key =
      categories.find((c) => c.id === row.termId)?.key ??
      (isCategoryKey(row.mapped) ? row.mapped : undefined);
    if (!row.serviceId || !key) continue;
    const keys = found.get(row.serviceId) ?? [];
    if (!keys.includes(key)) keys.push(key);
    found.set(row.serviceId, keys);
  }
  return found;
}
