import type { Database } from '../../db/client';
import type { EmailAttachment } from '../../db/schema';
import type { StatementValues } from '../../db/prepared';
import {
  type NotificationInsert,
  type OutboundEmailInsert,
  insertEmailsWithNotices,
  outboxValues,
} from './outbox-queries';

export { outboxCtes } from './outbox-queries';

/** What a feature asks to send: already written in the recipient's language. */
export type EmailMessage = {
  /** A stable name for the kind of message (connection.sent, safeguarding.raised...). */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Small files sent with the message (an appointment's .ics invitation). */
  attachments?: EmailAttachment[];
  /**
   * A pathway event told to an account: the account (whose address `to` is) also finds it
   * among its notifications, written with the email. What the screen needs to word it and
   * link it; never health details.
   */
  notify?: EmailNotice;
};

export type EmailNotice = {
  caseId?: string | null;
  connectionId?: string | null;
  /** The case reference, the activity, a status or timepoint code, a day. */
  params?: Record<string, string>;
};

/**
 * Puts an email in the outbox inside the caller's transaction: it is sent only if the
 * change it announces commits, and a slow or failing mail server never fails the change.
 * Null when the address is a connected system's account, which gets no email.
 */
export async function queueEmail(db: Database, message: EmailMessage): Promise<string | null> {
  const [id] = await insertEmailsWithNotices(db, [rowOf(message)], noticesOf([message]));
  return id ?? null;
}

/** Several messages for one change (a team told at once), in one statement. */
export async function queueEmails(db: Database, messages: EmailMessage[]): Promise<void> {
  await insertEmailsWithNotices(db, messages.map(rowOf), noticesOf(messages));
}

/** Messages as values for `outboxCtes`, for a statement that queues them itself. */
export function queuedMessages(messages: EmailMessage[]): StatementValues {
  return outboxValues(messages.map(rowOf), noticesOf(messages));
}

/** A text message for the outbox: to a number in E.164, already in the person's language. */
export type TextMessageToQueue = { kind: string; to: string; text: string };

/**
 * Puts a text message in the same outbox as emails, in the caller's transaction: sent through
 * SMS_PROVIDER by the delivery job, with the same retries. Never a notification.
 */
export async function queueTextMessage(db: Database, message: TextMessageToQueue): Promise<void> {
  await insertEmailsWithNotices(
    db,
    [
      {
        kind: message.kind,
        channel: 'sms',
        recipient: message.to,
        subject: '',
        text: message.text,
      },
    ],
    [],
  );
}

function noticesOf(messages: EmailMessage[]): NotificationInsert[] {
  return messages.flatMap(({ kind, to, notify }) =>
    notify
      ? [
          {
            recipient: to,
            kind,
            caseId: notify.caseId ?? null,
            connectionId: notify.connectionId ?? null,
            params: notify.params ?? {},
          },
        ]
      : [],
  );
}

function rowOf(message: EmailMessage): OutboundEmailInsert {
  return {
    kind: message.kind,
    recipient: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html ?? null,
    attachments: message.attachments?.length ? message.attachments : null,
  };
}
