import { sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import type { EmailAttachment, OutboxChannel } from '../../db/schema';

export type ClaimedEmail = {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: EmailAttachment[] | null;
  attempts: number;
};

/**
 * Takes up to `limit` due messages of one channel and pushes their next attempt `leaseMs` ahead in one short
 * statement, so sending happens outside any transaction (no connection held while an SMTP
 * server answers) and a second process skips them. A process that dies while sending leaves them to be retried.
 */
export async function claimDueEmails(
  db: Database,
  channel: OutboxChannel,
  limit: number,
  leaseMs: number,
): Promise<ClaimedEmail[]> {
  return selectRows<ClaimedEmail>(
    db,
    sql`
      update outbound_emails
         set next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
       where id in (
         select id from outbound_emails
          where status = 'pending' and channel = ${channel} and next_attempt_at <= now()
          order by next_attempt_at, created_at
          limit ${limit}
          for update skip locked)
      returning id, kind, recipient, subject, text, html, attachments, attempts`,
  );
}

export async function markEmailSent(db: Database, id: string): Promise<void> {
  await db.execute(sql`
    update outbound_emails
       set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null
     where id = ${id}`);
}

/** Records a failed attempt: retried after `retryInMs`, or given up when that is null. */
export async function markEmailAttemptFailed(
  db: Database,
  id: string,
  error: string,
  retryInMs: number | null,
): Promise<void> {
  await db.execute(sql`
    update outbound_emails
       set attempts = attempts + 1,
           last_error = ${error},
           status = ${retryInMs === null ? 'failed' : 'pending'},
           next_attempt_at = now() + ${retryInMs ?? 0} * interval '1 millisecond'
     where id = ${id}`);
}

export type FailedEmailRow = {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
};

/** The emails given up on, newest first (the most an administrator will read at once). */
export function selectFailedEmails(db: Database, limit: number): Promise<FailedEmailRow[]> {
  return selectRows<FailedEmailRow>(
    db,
    sql`select id, kind, recipient, subject, attempts, last_error, created_at
      from outbound_emails where status = 'failed'
      order by created_at desc, id limit ${limit}`,
  );
}

/** Puts a given-up email back in the queue with a fresh set of attempts; false if it is not one. */
export async function requeueFailedEmail(db: Database, id: string): Promise<boolean> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`update outbound_emails
       set status = 'pending', attempts = 0, last_error = null, next_attempt_at = now()
     where id = ${id} and status = 'failed'
     returning id`,
  );
  return rows.length > 0;
}
