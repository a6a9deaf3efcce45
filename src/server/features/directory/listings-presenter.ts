import type { ChangeRequest, Listing } from '../../../shared/contracts/listings';
import type { DirectoryTranslations } from '../../db/schema';
import type { HsdsRecord } from './hsds';
import type { ChangeRequestRow, ListingParts, ListingRow } from './listings-queries';
import { bilingualText, diffChange, isPossiblyStale } from './listings-rules';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function presentListing(
  listing: ListingRow,
  parts: ListingParts,
  changes: { pending: ChangeRequest[]; decided: ChangeRequest[] },
  now: Date,
  staleAfterDays: number,
): Listing {
  const r = listing.record;
  return {
    id: listing.id,
    organizationName: listing.organizationName,
    text: bilingualText(listing),
    status: text(r.status) ?? 'active',
    email: text(r.email),
    minimumAge: number(r.minimum_age),
    maximumAge: number(r.maximum_age),
    referralStatus: listing.referralStatus,
    lastConfirmedAt: listing.lastConfirmedAt?.toISOString() ?? null,
    lastModified: listing.lastModified?.toISOString() ?? null,
    possiblyStale: isPossiblyStale(listing, now, staleAfterDays),
    locations: parts.locations.map(({ location, address }) => ({
      id: location.id,
      name: text(location.name),
      address: address
        ? {
            id: address.id,
            address1: text(address.address_1) ?? '',
            city: text(address.city) ?? '',
            stateProvince: text(address.state_province) ?? '',
            postalCode: text(address.postal_code) ?? '',
            country: text(address.country) ?? '',
          }
        : null,
    })),
    schedules: parts.schedules.map((s) => ({
      id: s.id,
      byday: text(s.byday),
      opensAt: text(s.opens_at),
      closesAt: text(s.closes_at),
      validFrom: text(s.valid_from),
      validTo: text(s.valid_to),
      description: text(s.description),
    })),
    capacities: parts.capacities.map((c) => ({
      id: c.id,
      available: number(c.available),
      maximum: number(c.maximum),
      unit: text(c.description),
    })),
    pendingChanges: changes.pending,
    recentDecisions: changes.decided,
  };
}

export function presentChangeRequest(
  row: ChangeRequestRow,
  context: {
    target: { record: HsdsRecord; version: number } | undefined;
    listing: ListingRow | undefined;
    sharedWith: string[];
    currentText: DirectoryTranslations;
    now: Date;
    staleAfterDays: number;
  },
): ChangeRequest {
  const { target, listing } = context;
  const record = { ...row.record, id: String(row.record.id) };
  return {
    id: row.id,
    serviceId: row.serviceId,
    serviceName: row.serviceName ?? '',
    organizationName: row.organizationName ?? '',
    entityType: row.entityType,
    entityId: row.entityId,
    status: row.status,
    proposedBy: row.proposerName,
    proposedAt: row.createdAt.toISOString(),
    reviewedBy: row.reviewerName,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewNote: row.reviewNote,
    targetChanged: row.status === 'pending' && (target?.version ?? null) !== row.baseVersion,
    possiblyStale: listing ? isPossiblyStale(listing, context.now, context.staleAfterDays) : false,
    diff:
      row.status === 'pending'
        ? diffChange(
            {
              record: target?.record,
              translations: context.currentText,
              referralStatus: listing?.referralStatus ?? 'open',
            },
            { record, translations: row.translations, referralStatus: row.referralStatus },
          )
        : [],
    sharedWith: context.sharedWith,
    version: row.version,
  };
}
