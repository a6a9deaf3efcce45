import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cases, people, sites } from '../../db/schema';

/** Who a listing is emailed to: the case's person, in their language, and the site's name. */
export async function findListingRecipient(
  db: Database,
  caseId: string,
): Promise<
  { givenName: string; email: string | null; language: 'fr' | 'en'; siteName: string } | undefined
> {
  const [row] = await db
    .select({
      givenName: people.givenName,
      email: people.email,
      language: people.preferredLanguage,
      siteName: sites.name,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(cases.id, caseId));
  return row;
}
