import type { Database } from '../../db/client';
import {
  type OutboundEmailInsert,
  insertOutboundEmail,
  insertOutboundEmails,
} from './outbox-queries';

/** What a feature asks to send: already written in the recipient's language. */
export type EmailMessage = {
  /** A stable name for the kind of message (connection.sent, safeguarding.raised...). */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
};

/**
 * Puts an email in the outbox inside the caller's transaction: it is sent only if the
 * change it announces commits, and a slow or failing mail server never fails the change.
 */
export async function queueEmail(db: Database, message: EmailMessage): Promise<string> {
  return insertOutboundEmail(db, rowOf(message));
}

/** Several messages for one change (a team told at once), in one statement. */
export async function queueEmails(db: Database, messages: EmailMessage[]): Promise<void> {
  await insertOutboundEmails(db, messages.map(rowOf));
}

function rowOf(message: EmailMessage): OutboundEmailInsert {
  return {
    kind: message.kind,
    recipient: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html ?? null,
  };
}
