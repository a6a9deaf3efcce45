import { sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';

/** What the search keeps beside a listing that the HSDS record does not say directly. */
export type ListingFacts = { categoryIds: string[]; referralStatus: 'open' | 'waitlist' | 'full' };

export async function selectListingFacts(
  db: Database,
  serviceId: string,
): Promise<ListingFacts | undefined> {
  const [row] = await selectRows<{
    category_ids: string[];
    referral_status: ListingFacts['referralStatus'];
  }>(
    db,
    sql`select category_ids, referral_status from directory_search_documents
      where service_id = ${serviceId}`,
  );
  return row ? { categoryIds: row.category_ids, referralStatus: row.referral_status } : undefined;
}
