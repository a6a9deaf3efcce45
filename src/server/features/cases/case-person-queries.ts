import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cases } from '../../db/schema';

/**
 * For the referrals feature's duplicate review: points a case at another person record
 * and clears its duplicate flag, at the version the link worker saw. Undefined when stale.
 */
export async function updateCasePersonAtVersion(
  db: Database,
  caseId: string,
  version: number,
  personId: string,
): Promise<{ id: string; personId: string; version: number } | undefined> {
  const [row] = await db
    .update(cases)
    .set({
      personId,
      possibleDuplicateOfId: null,
      version: sql`${cases.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(cases.id, caseId), eq(cases.version, version)))
    .returning({ id: cases.id, personId: cases.personId, version: cases.version });
  return row;
}
