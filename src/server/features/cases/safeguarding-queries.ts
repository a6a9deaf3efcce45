import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { safeguardingConcerns } from '../../db/schema';

export type ConcernRow = typeof safeguardingConcerns.$inferSelect;

export type ConcernView = ConcernRow & {
  raisedByName: string | null;
  acknowledgedByName: string | null;
};

export async function insertConcern(
  db: Database,
  values: typeof safeguardingConcerns.$inferInsert,
): Promise<ConcernRow> {
  const [row] = await db.insert(safeguardingConcerns).values(values).returning();
  if (!row) throw new Error('insert into safeguarding_concerns returned no row');
  return row;
}

/** Acknowledges a concern of the case once; a second acknowledgement changes nothing. */
export async function acknowledgeConcern(
  db: Database,
  caseId: string,
  concernId: string,
  accountId: string,
): Promise<'acknowledged' | 'already' | 'missing'> {
  const [row] = await db
    .select({ acknowledgedAt: safeguardingConcerns.acknowledgedAt })
    .from(safeguardingConcerns)
    .where(and(eq(safeguardingConcerns.id, concernId), eq(safeguardingConcerns.caseId, caseId)));
  if (!row) return 'missing';
  if (row.acknowledgedAt) return 'already';
  await db
    .update(safeguardingConcerns)
    .set({ acknowledgedBy: accountId, acknowledgedAt: new Date() })
    .where(eq(safeguardingConcerns.id, concernId));
  return 'acknowledged';
}
