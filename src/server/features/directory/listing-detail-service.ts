import type { ListingDetail } from '../../../shared/contracts/listing-detail';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden, notFound } from '../../platform/errors';
import { canSearchDirectory } from '../search';
import { readHsdsService } from './directory-catalogue-service';
import { selectListingFacts } from './listing-detail-queries';
import { presentListingDetail } from './listing-detail-presenter';
import { findListing } from './listings-queries';

/**
 * One listing in full, for whoever may search the directory. The directory is public open
 * data (/hsds) and holds nothing personal, so reading it is not audited, as searching is not.
 */
export async function readListingDetail(
  db: Database,
  actor: Actor,
  serviceId: string,
  locale: Locale,
  staleAfterDays: number,
  now: Date = new Date(),
): Promise<ListingDetail> {
  if (!canSearchDirectory(actor)) throw forbidden();
  return listingDetail(db, serviceId, locale, staleAfterDays, now);
}

/** The listing as a person may be told it; for features that send it on (an email). */
export async function listingDetail(
  db: Database,
  serviceId: string,
  locale: Locale,
  staleAfterDays: number,
  now: Date = new Date(),
): Promise<ListingDetail> {
  const listing = await findListing(db, serviceId);
  if (!listing) throw notFound();
  const record = await readHsdsService(db, serviceId);
  const facts = await selectListingFacts(db, serviceId);
  return presentListingDetail(record, listing, facts, locale, now, staleAfterDays);
}
