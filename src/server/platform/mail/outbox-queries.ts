import type { Database } from '../../db/client';
import { outboundEmails } from '../../db/schema';

export type OutboundEmailInsert = typeof outboundEmails.$inferInsert;

export async function insertOutboundEmail(
  db: Database,
  values: OutboundEmailInsert,
): Promise<string> {
  const [row] = await db.insert(outboundEmails).values(values).returning({ id: outboundEmails.id });
  if (!row) throw new Error('insert into outbound_emails returned no row');
  return row.id;
}

/** Several emails in one statement. */
export async function insertOutboundEmails(
  db: Database,
  values: OutboundEmailInsert[],
): Promise<void> {
  if (values.length > 0) await db.insert(outboundEmails).values(values);
}
