import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { organisations, sites } from '../../db/schema';

export type OrganisationRow = typeof organisations.$inferSelect;
export type SiteRow = typeof sites.$inferSelect & { organisationName: string };
type OrganisationInsert = typeof organisations.$inferInsert;
type SiteInsert = typeof sites.$inferInsert;

export function selectOrganisations(db: Database): Promise<OrganisationRow[]> {
  return db.select().from(organisations).orderBy(asc(organisations.name));
}

export async function findOrganisation(
  db: Database,
  id: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function insertOrganisation(
  db: Database,
  values: OrganisationInsert,
): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error('insert into organisations returned no row');
  return row;
}

export async function updateOrganisationAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Partial<Pick<OrganisationInsert, 'name' | 'kind'>>,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .update(organisations)
    .set({ ...patch, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
    .where(and(eq(organisations.id, id), eq(organisations.version, version)))
    .returning();
  return row;
}

const siteColumns = {
  id: sites.id,
  organisationId: sites.organisationId,
  name: sites.name,
  defaultLocale: sites.defaultLocale,
  twoFactorRequired: sites.twoFactorRequired,
  ssoRequired: sites.ssoRequired,
  maxContactAttempts: sites.maxContactAttempts,
  waitingThresholdDays: sites.waitingThresholdDays,
  acceptsSelfReferrals: sites.acceptsSelfReferrals,
  measurementFollowUpMonths: sites.measurementFollowUpMonths,
  measurementInstruments: sites.measurementInstruments,
  remindPeopleOfMeasurements: sites.remindPeopleOfMeasurements,
  timeZone: sites.timeZone,
  version: sites.version,
  createdAt: sites.createdAt,
  updatedAt: sites.updatedAt,
  organisationName: organisations.name,
};

/** Sites the caller may see: all of them, or only those listed. */
export function selectSites(db: Database, ids: string[] | 'all'): Promise<SiteRow[]> {
  if (ids !== 'all' && ids.length === 0) return Promise.resolve([]);
  return db
    .select(siteColumns)
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(ids === 'all' ? undefined : inArray(sites.id, ids))
    .orderBy(asc(organisations.name), asc(sites.name));
}

export async function findSite(db: Database, id: string): Promise<SiteRow | undefined> {
  const [row] = await db
    .select(siteColumns)
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(eq(sites.id, id));
  return row;
}

export async function insertSite(db: Database, values: SiteInsert): Promise<string> {
  const [row] = await db.insert(sites).values(values).returning({ id: sites.id });
  if (!row) throw new Error('insert into sites returned no row');
  return row.id;
}

export async function updateSiteAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Partial<
    Pick<SiteInsert, 'name' | 'defaultLocale' | 'twoFactorRequired' | 'ssoRequired' | 'timeZone'>
  >,
): Promise<boolean> {
  const rows = await db
    .update(sites)
    .set({ ...patch, version: sql`${sites.version} + 1`, updatedAt: new Date() })
    .where(and(eq(sites.id, id), eq(sites.version, version)))
    .returning({ id: sites.id });
  return rows.length > 0;
}

/** The organisations these sites belong to. */
export async function selectOrganisationIdsOfSites(
  db: Database,
  siteIds: string[],
): Promise<string[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: sites.organisationId })
    .from(sites)
    .where(inArray(sites.id, siteIds));
  return rows.map((row) => row.id);
}
