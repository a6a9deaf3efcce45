import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { EmailAttachment, OutboxChannel } from '../../db/schema';
import { type JobLog, registerRecurringJob } from '../jobs';
import { smsSender } from '../sms/sms-sender';
import {
  type ClaimedEmail,
  claimDueEmails,
  markEmailAttemptFailed,
  markEmailSent,
} from './delivery-queries';

export const mailDeliveryJob = 'mail.deliver';

/** Minutes to wait after the 1st, 2nd... failed attempt; one more failure gives up. */
export const retryDelaysMinutes = [1, 5, 30, 120, 720] as const;
export const maxAttempts = retryDelaysMinutes.length + 1;

/** An email being sent is not taken again by another pass before this. */
const sendingLeaseMs = 10 * 60_000;
const batchSize = 50;
/**
 * A pass ends after the batch that takes it past this, even with emails still due: the job
 * runner runs one job at a time, and a stop waits for the pass in progress.
 */
const passBudgetMs = 15_000;

export type DeliveryResult = { sent: number; retried: number; failed: number };

/** When to try again after the attempt numbered `attempt` (1-based) failed; null: give up. */
export function retryDelayMs(attempt: number, permanent: boolean): number | null {
  if (permanent || attempt >= maxAttempts) return null;
  const last = retryDelaysMinutes[retryDelaysMinutes.length - 1] ?? 1;
  return (retryDelaysMinutes[attempt - 1] ?? last) * 60_000;
}

/** The outbox's attachments, however the driver hands back the jsonb column. */
function attachmentsOf(value: EmailAttachment[] | string): EmailAttachment[] {
  return typeof value === 'string' ? (JSON.parse(value) as EmailAttachment[]) : value;
}

type SmtpError = { code?: unknown; responseCode?: unknown };

/** What is kept of an error: codes only, since SMTP replies often quote the recipient. */
function describeError(error: unknown): { summary: string; permanent: boolean } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  return {
    summary: responseCode === undefined ? code : `${code} ${responseCode}`,
    // A 5xx reply is the server refusing this message for good (unknown mailbox...).
    permanent: responseCode !== undefined && responseCode >= 500,
  };
}

/** How one channel's messages leave: opened once per pass that has something to send. */
export type ChannelSender = {
  send(message: ClaimedEmail): Promise<void>;
  /** What is kept of a failure (codes only, never the recipient) and whether to give up. */
  describe(error: unknown): { summary: string; permanent: boolean };
  close(): void;
};

/**
 * One delivery pass of a channel: sends its due messages in the outbox, one batch after the
 * other until none is due or the pass has used its time budget (the next pass goes on). Logs
 * name the kind, channel and id only, never the recipient, subject or text.
 */
export async function deliverChannel(
  db: Database,
  channel: OutboxChannel,
  open: () => ChannelSender,
  log?: JobLog,
  budgetMs = passBudgetMs,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  const deadline = Date.now() + budgetMs;
  let sender: ChannelSender | undefined;
  try {
    for (;;) {
      const batch = await claimDueEmails(db, channel, batchSize, sendingLeaseMs);
      if (batch.length === 0) break;
      sender ??= open();
      for (const message of batch) {
        const about = { kind: message.kind, channel, emailId: message.id };
        try {
          await sender.send(message);
          await markEmailSent(db, message.id);
          result.sent += 1;
          log?.info(about, channel === 'email' ? 'email sent' : 'text message sent');
        } catch (error) {
          const { summary, permanent } = sender.describe(error);
          const attempt = message.attempts + 1;
          const retryInMs = retryDelayMs(attempt, permanent);
          await markEmailAttemptFailed(db, message.id, summary, retryInMs);
          if (retryInMs === null) result.failed += 1;
          else result.retried += 1;
          log?.warn(
            { ...about, attempt, error: summary, givenUp: retryInMs === null },
            channel === 'email' ? 'email not sent' : 'text message not sent',
          );
        }
      }
      if (batch.length < batchSize || Date.now() >= deadline) break;
    }
  } finally {
    sender?.close();
  }
  return result;
}

function smtpSender(config: Config, smtpUrl: string): ChannelSender {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      await transport.sendMail({
        from: config.mail.from,
        to: email.recipient,
        subject: email.subject,
        text: email.text,
        ...(email.html === null ? {} : { html: email.html }),
        ...(email.attachments?.length
          ? {
              attachments: attachmentsOf(email.attachments).map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
            }
          : {}),
      });
    },
    describe: describeError,
    close: () => transport.close(),
  };
}

/** The emails of the outbox over SMTP_URL; without it, they stay pending. */
export async function deliverPendingEmails(
  db: Database,
  config: Config,
  log?: JobLog,
  budgetMs = passBudgetMs,
): Promise<DeliveryResult> {
  const smtpUrl = config.mail.smtpUrl;
  if (!smtpUrl) return { sent: 0, retried: 0, failed: 0 };
  return deliverChannel(db, 'email', () => smtpSender(config, smtpUrl), log, budgetMs);
}

/**
 * The text messages of the outbox through SMS_PROVIDER, with the emails' retries (the same
 * job, rows and delays); without a provider, they stay pending.
 */
export async function deliverPendingTexts(
  db: Database,
  config: Config,
  log?: JobLog,
  budgetMs = passBudgetMs,
): Promise<DeliveryResult> {
  const settings = config.sms;
  if (!settings) return { sent: 0, retried: 0, failed: 0 };
  return deliverChannel(db, 'sms', () => smsSender(settings), log, budgetMs);
}

registerRecurringJob(
  mailDeliveryJob,
  (config) => config.mail.pollMs,
  async (db, config, log) => {
    await deliverPendingEmails(db, config, log);
    await deliverPendingTexts(db, config, log);
  },
);
