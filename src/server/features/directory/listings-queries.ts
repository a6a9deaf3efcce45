import { and, asc, desc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import {
  accounts,
  directoryAddresses,
  directoryChangeRequests,
  directoryLocations,
  directoryOrganizations,
  directoryServiceAtLocations,
  directoryServiceCapacities,
  directorySchedules,
  directoryServices,
  type DirectoryTranslations,
} from '../../db/schema';
import { type HsdsRecord, isObject } from './hsds';

export type ListingRow = {
  id: string;
  record: Record<string, unknown>;
  version: number;
  name: string;
  description: string | null;
  sourceLanguage: 'fr' | 'en' | null;
  translations: DirectoryTranslations;
  referralStatus: 'open' | 'waitlist' | 'full';
  lastConfirmedAt: Date | null;
  lastModified: Date | null;
  createdAt: Date;
  organizationName: string;
  partnerOrganisationId: string | null;
};

const listingColumns = {
  id: directoryServices.id,
  record: directoryServices.record,
  version: directoryServices.version,
  name: directoryServices.name,
  description: directoryServices.description,
  sourceLanguage: directoryServices.sourceLanguage,
  translations: directoryServices.translations,
  referralStatus: directoryServices.referralStatus,
  lastConfirmedAt: directoryServices.lastConfirmedAt,
  lastModified: directoryServices.lastModified,
  createdAt: directoryServices.createdAt,
  organizationName: directoryOrganizations.name,
  partnerOrganisationId: directoryOrganizations.partnerOrganisationId,
};

/** Listings kept by partners: those of the given partners, or of every partner ('all'). */
export function selectListings(
  db: Database,
  partnerOrganisationIds: string[] | 'all',
): Promise<ListingRow[]> {
  const scope =
    partnerOrganisationIds === 'all'
      ? isNotNull(directoryOrganizations.partnerOrganisationId)
      : inArray(directoryOrganizations.partnerOrganisationId, partnerOrganisationIds);
  if (partnerOrganisationIds !== 'all' && partnerOrganisationIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .select(listingColumns)
    .from(directoryServices)
    .innerJoin(
      directoryOrganizations,
      eq(directoryOrganizations.id, directoryServices.organizationId),
    )
    .where(scope)
    .orderBy(asc(directoryOrganizations.name), asc(directoryServices.name));
}

export async function findListing(
  db: Database,
  serviceId: string,
): Promise<ListingRow | undefined> {
  const [row] = await db
    .select(listingColumns)
    .from(directoryServices)
    .leftJoin(
      directoryOrganizations,
      eq(directoryOrganizations.id, directoryServices.organizationId),
    )
    .where(eq(directoryServices.id, serviceId));
  if (!row) return undefined;
  return { ...row, organizationName: row.organizationName ?? '' };
}

export type ListingParts = {
  locations: { location: HsdsRecord; address: HsdsRecord | null }[];
  schedules: HsdsRecord[];
  capacities: HsdsRecord[];
};

function asRecord(value: unknown): HsdsRecord {
  return isObject(value) ? { ...value, id: String(value.id) } : { id: '' };
}

/** A listing's places (with their first address), schedules and capacities. */
export async function selectListingParts(db: Database, serviceId: string): Promise<ListingParts> {
  const places = await db
    .select({
      id: directoryServiceAtLocations.id,
      locationId: directoryServiceAtLocations.locationId,
    })
    .from(directoryServiceAtLocations)
    .where(eq(directoryServiceAtLocations.serviceId, serviceId))
    .orderBy(asc(directoryServiceAtLocations.id));
  const locationIds = places.flatMap((p) => (p.locationId ? [p.locationId] : []));
  const placeIds = places.map((p) => p.id);
  const locations =
    locationIds.length === 0
      ? []
      : await db
          .select({ record: directoryLocations.record })
          .from(directoryLocations)
          .where(inArray(directoryLocations.id, locationIds))
          .orderBy(asc(directoryLocations.id));
  const addresses =
    locationIds.length === 0
      ? []
      : await db
          .select({ record: directoryAddresses.record, locationId: directoryAddresses.locationId })
          .from(directoryAddresses)
          .where(inArray(directoryAddresses.locationId, locationIds))
          .orderBy(asc(directoryAddresses.id));
  const schedules = await db
    .select({ record: directorySchedules.record })
    .from(directorySchedules)
    .where(
      placeIds.length === 0
        ? eq(directorySchedules.serviceId, serviceId)
        : or(
            eq(directorySchedules.serviceId, serviceId),
            inArray(directorySchedules.serviceAtLocationId, placeIds),
          ),
    )
    .orderBy(asc(directorySchedules.id));
  const capacities = await db
    .select({ record: directoryServiceCapacities.record })
    .from(directoryServiceCapacities)
    .where(eq(directoryServiceCapacities.serviceId, serviceId))
    .orderBy(asc(directoryServiceCapacities.id));
  return {
    locations: locations.map((row) => {
      const location = asRecord(row.record);
      const address = addresses.find((a) => a.locationId === location.id);
      return { location, address: address ? asRecord(address.record) : null };
    }),
    schedules: schedules.map((row) => asRecord(row.record)),
    capacities: capacities.map((row) => asRecord(row.record)),
  };
}

export type ChangeRequestRow = typeof directoryChangeRequests.$inferSelect & {
  serviceName: string | null;
  organizationName: string | null;
  proposerName: string;
  reviewerName: string | null;
  lastConfirmedAt: Date | null;
  lastModified: Date | null;
  serviceCreatedAt: Date | null;
};
type ChangeRequestInsert = typeof directoryChangeRequests.$inferInsert;

const reviewers = alias(accounts, 'reviewers');

function selectChangeRequestRows(db: Database) {
  return db
    .select({
      request: directoryChangeRequests,
      serviceName: directoryServices.name,
      organizationName: directoryOrganizations.name,
      proposerName: accounts.displayName,
      reviewerName: reviewers.displayName,
      lastConfirmedAt: directoryServices.lastConfirmedAt,
      lastModified: directoryServices.lastModified,
      serviceCreatedAt: directoryServices.createdAt,
    })
    .from(directoryChangeRequests)
    .innerJoin(accounts, eq(accounts.id, directoryChangeRequests.proposedBy))
    .leftJoin(reviewers, eq(reviewers.id, directoryChangeRequests.reviewedBy))
    .leftJoin(directoryServices, eq(directoryServices.id, directoryChangeRequests.serviceId))
    .leftJoin(
      directoryOrganizations,
      eq(directoryOrganizations.id, directoryServices.organizationId),
    );
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof selectChangeRequestRows>['where']>>[number];

function flatten(row: JoinedRow): ChangeRequestRow {
  const { request, ...rest } = row;
  return { ...request, ...rest };
}

export async function selectChangeRequests(
  db: Database,
  filter: {
    status?: 'pending' | 'approved' | 'rejected';
    serviceIds?: string[];
    reviewedSince?: Date;
  },
): Promise<ChangeRequestRow[]> {
  const conditions = [];
  if (filter.status) conditions.push(eq(directoryChangeRequests.status, filter.status));
  if (filter.reviewedSince) {
    conditions.push(gte(directoryChangeRequests.reviewedAt, filter.reviewedSince));
  }
  if (filter.serviceIds) {
    if (filter.serviceIds.length === 0) return [];
    conditions.push(inArray(directoryChangeRequests.serviceId, filter.serviceIds));
  }
  const rows = await selectChangeRequestRows(db)
    .where(and(...conditions))
    .orderBy(
      filter.status === 'pending'
        ? asc(directoryChangeRequests.createdAt)
        : desc(directoryChangeRequests.updatedAt),
      asc(directoryChangeRequests.id),
    )
    .limit(500);
  return rows.map(flatten);
}

export async function findChangeRequest(
  db: Database,
  id: string,
): Promise<ChangeRequestRow | undefined> {
  const [row] = await selectChangeRequestRows(db).where(eq(directoryChangeRequests.id, id));
  return row ? flatten(row) : undefined;
}

export async function insertChangeRequest(
  db: Database,
  values: ChangeRequestInsert,
): Promise<string> {
  const [row] = await db
    .insert(directoryChangeRequests)
    .values(values)
    .returning({ id: directoryChangeRequests.id });
  if (!row) throw new Error('insert into directory_change_requests returned no row');
  return row.id;
}

/** Closes a pending request at the version its reviewer saw; nothing when either moved. */
export async function reviewChangeRequestAtVersion(
  db: Database,
  id: string,
  version: number,
  review: {
    status: 'approved' | 'rejected';
    reviewedBy: string;
    reviewNote: string | null;
  },
): Promise<boolean> {
  const rows = await db
    .update(directoryChangeRequests)
    .set({
      ...review,
      reviewedAt: sql`now()`,
      updatedAt: sql`now()`,
      version: sql`${directoryChangeRequests.version} + 1`,
    })
    .where(
      and(
        eq(directoryChangeRequests.id, id),
        eq(directoryChangeRequests.version, version),
        eq(directoryChangeRequests.status, 'pending'),
      ),
    )
    .returning({ id: directoryChangeRequests.id });
  return rows.length > 0;
}

/** "Still accurate": the partner looked at the listing and it needs no change. */
export async function markListingConfirmed(db: Database, serviceId: string): Promise<Date> {
  const [row] = await db
    .update(directoryServices)
    .set({ lastConfirmedAt: sql`now()` })
    .where(eq(directoryServices.id, serviceId))
    .returning({ at: directoryServices.lastConfirmedAt });
  if (!row?.at) throw new Error('the listing to confirm was not found');
  return row.at;
}

/** What HSDS cannot carry, set from an approved change: the text in both languages, the referral status. */
export async function updateListingFacets(
  db: Database,
  serviceId: string,
  facets: {
    translations?: DirectoryTranslations;
    referralStatus?: 'open' | 'waitlist' | 'full';
  },
): Promise<void> {
  await db
    .update(directoryServices)
    .set({ ...facets, lastConfirmedAt: sql`now()` })
    .where(eq(directoryServices.id, serviceId));
}

/**
 * Directory organisations other than the listing's own whose services are offered at the
 * location, or which own it: a change to its address changes their listings too.
 */
export async function selectLocationSharers(
  db: Database,
  locationId: string,
  serviceId: string,
): Promise<string[]> {
  const own = db
    .select({ id: directoryServices.organizationId })
    .from(directoryServices)
    .where(eq(directoryServices.id, serviceId));
  const atLocation = db
    .select({ id: directoryServices.organizationId })
    .from(directoryServiceAtLocations)
    .innerJoin(directoryServices, eq(directoryServices.id, directoryServiceAtLocations.serviceId))
    .where(eq(directoryServiceAtLocations.locationId, locationId));
  const owner = db
    .select({ id: directoryLocations.organizationId })
    .from(directoryLocations)
    .where(eq(directoryLocations.id, locationId));
  const rows = await db
    .selectDistinct({ name: directoryOrganizations.name })
    .from(directoryOrganizations)
    .where(
      and(
        or(
          inArray(directoryOrganizations.id, atLocation),
          inArray(directoryOrganizations.id, owner),
        ),
        sql`${directoryOrganizations.id} is distinct from (${own})`,
      ),
    )
    .orderBy(asc(directoryOrganizations.name));
  return rows.map((r) => r.name);
}
