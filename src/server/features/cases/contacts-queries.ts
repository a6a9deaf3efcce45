import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { contacts } from '../../db/schema';
import type { ContactOutcome } from '../../../shared/pathway';

export type ContactInsert = typeof contacts.$inferInsert;

export type ContactView = typeof contacts.$inferSelect & { recordedByName: string | null };

export async function selectContactOutcomes(
  db: Database,
  caseId: string,
): Promise<ContactOutcome[]> {
  const rows = await db
    .select({ outcome: contacts.outcome })
    .from(contacts)
    .where(eq(contacts.caseId, caseId))
    .orderBy(asc(contacts.occurredAt), asc(contacts.createdAt));
  return rows.map((r) => r.outcome);
}

export async function insertContact(db: Database, values: ContactInsert): Promise<string> {
  const [row] = await db.insert(contacts).values(values).returning({ id: contacts.id });
  if (!row) throw new Error('insert into contacts returned no row');
  return row.id;
}
