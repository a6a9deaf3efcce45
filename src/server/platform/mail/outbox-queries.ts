import { sql } from 'drizzle-orm';
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

/** A notification for whichever active account has the email's address. */
export type NotificationInsert = {
  recipient: string;
  kind: string;
  caseId: string | null;
  connectionId: string | null;
  params: Record<string, string>;
};

/**
 * The notifications of emails to accounts, in one statement: each address is matched to its
 * account as sign-in matches it (lower case); an address of no active account gets none.
 */
export async function insertNotificationsFor(
  db: Database,
  rows: NotificationInsert[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into notifications (account_id, kind, case_id, connection_id, params)
    select a.id, n.kind, n."caseId", n."connectionId", coalesce(n.params, '{}'::jsonb)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as n(recipient text, kind text, "caseId" uuid, "connectionId" uuid, params jsonb)
    join accounts a on lower(a.email) = lower(n.recipient) and a.active`);
}
