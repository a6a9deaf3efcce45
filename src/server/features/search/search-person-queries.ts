import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type AssessmentNeeds, assessments, cases, people } from '../../db/schema';

/** What a search for a case's person reads: where they are, their language, what matters. */
export type PersonPreferencesRow = {
  reference: string;
  givenName: string;
  email: string | null;
  postalCode: string | null;
  preferredLanguage: 'fr' | 'en';
  needs: AssessmentNeeds | null;
  interests: string | null;
};

export async function selectPersonPreferences(
  db: Database,
  caseId: string,
): Promise<PersonPreferencesRow | undefined> {
  const [row] = await db
    .select({
      reference: cases.reference,
      givenName: people.givenName,
      email: people.email,
      postalCode: people.postalCode,
      preferredLanguage: people.preferredLanguage,
      needs: assessments.needs,
      interests: assessments.interests,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .leftJoin(assessments, eq(assessments.caseId, cases.id))
    .where(eq(cases.id, caseId));
  return row;
}
