import { randomUUID } from 'node:crypto';
import type {
  ApproveChangeBody,
  ChangeRequest,
  ChangeRequestList,
  ChangeRequestQuery,
  ConfirmListingResult,
  MyListings,
  ProposeChangeBody,
  RejectChangeBody,
} from '../../../shared/contracts/listings';
import type { Database } from '../../db/client';
import { type HsdsDataset, type HsdsRecord, hsdsSchemasOf, tabularIssues } from './hsds';
import type { Actor } from '../../platform/actor';
import { defaultLocale } from '../../../shared/locale';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { recordAudit } from '../audit';
import { refreshSearchDocuments } from '../search';
import { selectRecordWithVersion } from './directory-queries';
import { approvedPartnerAuthor } from './directory-rules';
import { recordLimitIssues } from './directory-limits';
import { writeDataset } from './directory-service';
import { partnerOrganisationIds } from '../organisations';
import { canEditListings, canModerateListings } from './listings-policy';
import { presentChangeRequest, presentListing } from './listings-presenter';
import {
  type ListingRow,
  findChangeRequest,
  findListing,
  insertChangeRequest,
  markListingConfirmed,
  reviewChangeRequestAtVersion,
  selectChangeRequests,
  selectListingParts,
  selectListings,
  selectLocationSharers,
  updateListingFacets,
} from './listings-queries';
import { bilingualText, buildProposal, isPossiblyStale } from './listings-rules';

export type ListingSettings = { staleAfterDays: number };

/** How long a partner sees the decisions on their changes. */
const decisionsShownDays = 30;

/** Which partners' listings an actor keeps: every partner's for an administrator. */
async function keptPartners(db: Database, actor: Actor): Promise<string[] | 'all'> {
  if (!canEditListings(actor)) throw forbidden();
  if (actor.grants.some((g) => g.role === 'administrator')) return 'all';
  return partnerOrganisationIds(db, actor);
}

/** A listing the actor keeps; another organisation's is invisible (404). */
async function requireKeptListing(
  db: Database,
  actor: Actor,
  serviceId: string,
): Promise<ListingRow> {
  const partners = await keptPartners(db, actor);
  const listing = await findListing(db, serviceId);
  if (!listing?.partnerOrganisationId) throw notFound();
  if (partners !== 'all' && !partners.includes(listing.partnerOrganisationId)) throw notFound();
  return listing;
}

export async function listMyListings(
  db: Database,
  actor: Actor,
  settings: ListingSettings,
): Promise<MyListings> {
  const partners = await keptPartners(db, actor);
  const listings = await selectListings(db, partners);
  const pending = await selectChangeRequests(db, {
    status: 'pending',
    serviceIds: listings.map((l) => l.id),
  });
  const now = new Date();
  const reviewed = await selectChangeRequests(db, {
    serviceIds: listings.map((l) => l.id),
    reviewedSince: new Date(now.getTime() - decisionsShownDays * 24 * 60 * 60 * 1000),
  });
  const items = [];
  for (const listing of listings) {
    const parts = await selectListingParts(db, listing.id);
    // One at a time: `db` may be a transaction, whose one connection takes one query at once.
    const describe = async (rows: typeof pending): Promise<ChangeRequest[]> => {
      const described: ChangeRequest[] = [];
      for (const request of rows.filter((row) => row.serviceId === listing.id)) {
        described.push(await describeRequest(db, request, now, settings));
      }
      return described;
    };
    items.push(
      presentListing(
        listing,
        parts,
        { pending: await describe(pending), decided: await describe(reviewed) },
        now,
        settings.staleAfterDays,
      ),
    );
  }
  return { staleAfterDays: settings.staleAfterDays, items };
}

export async function proposeListingChange(
  db: Database,
  actor: Actor,
  settings: ListingSettings,
  body: ProposeChangeBody,
): Promise<ChangeRequest> {
  const listing = await requireKeptListing(db, actor, body.serviceId);
  const partnerOrganisationId = listing.partnerOrganisationId;
  if (!partnerOrganisationId) throw notFound();
  const target = await currentTarget(db, body);
  const proposal = buildProposal(body, target?.record, {
    sourceLanguage: listing.sourceLanguage,
    newId: randomUUID(),
    now: new Date().toISOString(),
  });
  const schemas = hsdsSchemasOf('3.1');
  const t = translatorFor(actor.locale ?? defaultLocale);
  const [issue] = [
    ...tabularIssues(schemas, proposal.storedAs, proposal.record),
    ...recordLimitIssues(proposal.storedAs, proposal.record, t),
  ];
  if (issue) {
    throw new AppError('hsds_record_invalid', {
      field: issue.field,
      params: { field: issue.field, reason: issue.reason },
    });
  }
  return db.transaction(async (tx) => {
    const id = await insertChangeRequest(tx, {
      partnerOrganisationId,
      serviceId: listing.id,
      entityType: proposal.entityType,
      entityId: proposal.entityId,
      record: proposal.record,
      translations: proposal.translations,
      referralStatus: proposal.referralStatus,
      baseVersion: target?.version ?? null,
      proposedBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'directory.change_proposed',
      subjectType: 'directory_service',
      subjectId: listing.id,
      details: { changeRequestId: id, entityType: proposal.entityType },
    });
    const row = await findChangeRequest(tx, id);
    if (!row) throw new AppError('internal');
    return describeRequest(tx, row, new Date(), settings);
  });
}

/** The stored record a proposal changes: the service, the location's address, the schedule or capacity. */
async function currentTarget(
  db: Database,
  body: ProposeChangeBody,
): Promise<{ record: HsdsRecord; version: number } | undefined> {
  const parts = await selectListingParts(db, body.serviceId);
  switch (body.entityType) {
    case 'service':
      return selectRecordWithVersion(db, 'service', body.serviceId);
    case 'location': {
      const place = parts.locations.find((p) => p.location.id === body.locationId);
      if (!place) throw new AppError('not_found', { field: 'locationId' });
      return place.address ? selectRecordWithVersion(db, 'address', place.address.id) : undefined;
    }
    case 'schedule': {
      if (body.scheduleId === undefined) return undefined;
      if (!parts.schedules.some((s) => s.id === body.scheduleId)) {
        throw new AppError('not_found', { field: 'scheduleId' });
      }
      return selectRecordWithVersion(db, 'schedule', body.scheduleId);
    }
    case 'service_capacity': {
      if (!parts.capacities.some((c) => c.id === body.capacityId)) {
        throw new AppError('not_found', { field: 'capacityId' });
      }
      return selectRecordWithVersion(db, 'service_capacity', body.capacityId);
    }
  }
}

export async function confirmListing(
  db: Database,
  actor: Actor,
  settings: ListingSettings,
  serviceId: string,
): Promise<ConfirmListingResult> {
  const listing = await requireKeptListing(db, actor, serviceId);
  return db.transaction(async (tx) => {
    const at = await markListingConfirmed(tx, listing.id);
    await recordAudit(tx, actor, {
      action: 'directory.listing_confirmed',
      subjectType: 'directory_service',
      subjectId: listing.id,
    });
    return {
      id: listing.id,
      lastConfirmedAt: at.toISOString(),
      possiblyStale: isPossiblyStale(
        { lastConfirmedAt: at, lastModified: listing.lastModified, createdAt: listing.createdAt },
        new Date(),
        settings.staleAfterDays,
      ),
    };
  });
}

export async function listChangeRequests(
  db: Database,
  actor: Actor,
  settings: ListingSettings,
  query: ChangeRequestQuery,
): Promise<ChangeRequestList> {
  if (!canModerateListings(actor)) throw forbidden();
  const rows = await selectChangeRequests(db, { status: query.status });
  const now = new Date();
  const items = [];
  for (const row of rows) items.push(await describeRequest(db, row, now, settings));
  return { items };
}

async function describeRequest(
  db: Database,
  row: NonNullable<Awaited<ReturnType<typeof findChangeRequest>>>,
  now: Date,
  settings: ListingSettings,
): Promise<ChangeRequest> {
  const type = row.entityType === 'location' ? 'address' : row.entityType;
  const target = await selectRecordWithVersion(db, type, String(row.record.id));
  const listing = await findListing(db, row.serviceId);
  // An address change moves every service at the place: the reviewer sees whose.
  const sharedWith =
    row.entityType === 'location' && row.entityId
      ? await selectLocationSharers(db, row.entityId, row.serviceId)
      : [];
  return presentChangeRequest(row, {
    target,
    listing,
    sharedWith,
    currentText: listing ? bilingualText(listing) : { fr: {}, en: {} },
    now,
    staleAfterDays: settings.staleAfterDays,
  });
}

/**
 * Applies an approved change through the import's own write path, in one transaction:
 * the record is upserted with its typed columns, each changed field becomes HSDS metadata
 * naming who proposed and who approved, and the listing's search document is rebuilt.
 */
export async function approveChangeRequest(
  db: Database,
  actor: Actor,
  settings: ListingSettings,
  id: string,
  body: ApproveChangeBody,
): Promise<ChangeRequest> {
  if (!canModerateListings(actor)) throw forbidden();
  return db.transaction(async (tx) => {
    const row = await findChangeRequest(tx, id);
    if (!row) throw notFound();
    if (row.status !== 'pending') throw new AppError('change_request_reviewed');
    if (row.version !== body.version) throw staleVersion();
    const type = row.entityType === 'location' ? 'address' : row.entityType;
    const target = await selectRecordWithVersion(tx, type, String(row.record.id));
    if ((target?.version ?? null) !== row.baseVersion) {
      throw new AppError('change_request_outdated');
    }
    if (
      !(await reviewChangeRequestAtVersion(tx, id, body.version, {
        status: 'approved',
        reviewedBy: actor.accountId,
        reviewNote: null,
      }))
    ) {
      throw staleVersion();
    }
    const record = { ...row.record, id: String(row.record.id) };
    const dataset: HsdsDataset = new Map([[type, new Map([[record.id, record]])]]);
    const changes = await writeDataset(tx, dataset, approvedPartnerAuthor(row.organizationName));
    await updateListingFacets(tx, row.serviceId, {
      ...(row.translations ? { translations: row.translations } : {}),
      ...(row.referralStatus ? { referralStatus: row.referralStatus } : {}),
    });
    await refreshSearchDocuments(tx, [row.serviceId]);
    await recordAudit(tx, actor, {
      action: 'directory.change_approved',
      subjectType: 'directory_service',
      subjectId: row.serviceId,
      details: { changeRequestId: id, entityType: row.entityType, changes },
    });
    const after = await findChangeRequest(tx, id);
    if (!after) throw new AppError('internal');
    return describeRequest(tx, after, new Date(), settings);
  });
}

export async function rejectChangeRequest(
  db: Database,
  actor: Actor,
  settings: ListingSettings,
  id: string,
  body: RejectChangeBody,
): Promise<ChangeRequest> {
  if (!canModerateListings(actor)) throw forbidden();
  if (body.note.trim() === '') throw new AppError('reason_required', { field: 'note' });
  return db.transaction(async (tx) => {
    const row = await findChangeRequest(tx, id);
    if (!row) throw notFound();
    if (row.status !== 'pending') throw new AppError('change_request_reviewed');
    const reviewed = await reviewChangeRequestAtVersion(tx, id, body.version, {
      status: 'rejected',
      reviewedBy: actor.accountId,
      reviewNote: body.note.trim(),
    });
    if (!reviewed) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'directory.change_rejected',
      subjectType: 'directory_service',
      subjectId: row.serviceId,
      details: { changeRequestId: id, entityType: row.entityType },
    });
    const after = await findChangeRequest(tx, id);
    if (!after) throw new AppError('internal');
    return describeRequest(tx, after, new Date(), settings);
  });
}
