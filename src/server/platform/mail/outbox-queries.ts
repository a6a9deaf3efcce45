import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type StatementValues, preparedStatement } from '../../db/prepared';
import { accounts, notifications, outboundEmails } from '../../db/schema';

export type OutboundEmailInsert = typeof outboundEmails.$inferInsert;

/** A notification for whichever active account has the email's address. */
export type NotificationInsert = {
  recipient: string;
  kind: string;
  caseId: string | null;
  connectionId: string | null;
  params: Record<string, string>;
};

/**
 * Emails and the notifications of those sent to accounts, in one statement (a change's
 * messages cost one round trip). Each address is matched to its account as sign-in matches
 * it (lower case); an address of no active account gets no notification. A connected
 * system's account (kind 'system', features/systems) gets neither: the referrer summary
 * and other emails to a referrer go nowhere for it. Answers the emails' ids.
 */
export async function insertEmailsWithNotices(
  db: Database,
  emails: OutboundEmailInsert[],
  notices: NotificationInsert[],
): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await insertEmailsStatement(db, outboxValues(emails, notices));
  return rows.map((row) => row.id);
}

/** The values outboxCtes' placeholders take. */
export function outboxValues(
  emails: OutboundEmailInsert[],
  notices: NotificationInsert[],
): StatementValues {
  return { emails: JSON.stringify(emails), notices: JSON.stringify(notices) };
}

/**
 * The outbox's inserts as the CTEs `notices` and `queued` (the emails' ids), for a statement
 * that queues its change's messages itself; none when the lists are empty.
 */
export const outboxCtes: SQL = sql`
  notices as (
    insert into ${notifications} (account_id, kind, case_id, connection_id, params)
    select a.id, n.kind, n."caseId", n."connectionId", coalesce(n.params, '{}'::jsonb)
    from jsonb_to_recordset(${sql.placeholder('notices')}::jsonb)
      as n(recipient text, kind text, "caseId" uuid, "connectionId" uuid, params jsonb)
    join ${accounts} a on lower(a.email) = lower(n.recipient) and a.active and a.kind = 'person'
  ), queued as (
    insert into ${outboundEmails} (kind, channel, recipient, subject, "text", html, attachments)
    select e.kind, coalesce(e.channel, 'email'), e.recipient, e.subject, e."text", e.html,
      nullif(e.attachments, 'null'::jsonb)
    from jsonb_to_recordset(${sql.placeholder('emails')}::jsonb)
      as e(kind text, channel text, recipient text, subject text, "text" text, html text,
        attachments jsonb)
    where not exists (
      select 1 from ${accounts} s where lower(s.email) = lower(e.recipient) and s.kind = 'system')
    returning id
  )`;

const insertEmailsStatement = preparedStatement<{ id: string }>(
  'insert_emails',
  () => sql`with ${outboxCtes} select id from queued`,
);
