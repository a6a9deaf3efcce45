// Written by platform/: action-links.ts, mail/ and jobs.ts.
import { sql } from 'drizzle-orm';
import {
  index,
  jsonb,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps } from './columns';

/**
 * Signed, expiring links that allow one action without an account (a partner answering a
 * connection, a person answering a questionnaire). Only a hash of the token is kept.
 */
export const actionLinks = pgTable(
  'action_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose').notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** Which actions the link allows; it is spent by the first one taken. */
    actions: text('actions').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('action_links_token_key').on(t.tokenHash),
    index('action_links_subject_idx').on(t.subjectId),
  ],
);

export type EmailAttachment = {
  filename: string;
  contentType: string;
  content: string;
};

/** How an outbox message leaves: an email over SMTP, or a text message through SMS_PROVIDER. */
export const outboxChannels = ['email', 'sms'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * The outbox: emails and text messages are written in the transaction of the change they
 * announce, then delivered. A text message has the number (E.164) as recipient and no subject.
 */
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    channel: text('channel', { enum: outboxChannels }).notNull().default('email'),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Small text files sent with the message, such as an appointment's .ics invitation. */
    attachments: jsonb('attachments').$type<EmailAttachment[]>(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('outbound_emails_pending_idx')
      .on(t.channel, t.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
);

/**
 * Recurring background jobs (email delivery, reminders): one row per job. Claiming a run
 * moves next_run_at forward in one UPDATE, so two app processes never run a job twice.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set while a run is under way; a run that died is taken over once this has passed. */
  runningUntil: timestamp('running_until', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
});

/**
 * Creates sent with an Idempotency-Key (platform/idempotency.ts): the key is written in the
 * create's own transaction, so it exists exactly when the create does, and its first answer
 * is kept for retries. Purged after 24 hours by the idempotency.purge job.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Whose key: the account's id, or 'public' for the forms used without signing in. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the method, address and body: the same key on another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** The first answer (null only inside the create's own transaction). */
    statusCode: integer('status_code'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    body: text('body'),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

/**
 * Rate-limit counts (platform/rate-limit-store.ts), one row per limiter and client key, shared
 * by every app process on the database so a budget holds behind a load balancer. Unlogged:
 * counts are worth less than the write-ahead log they would cost, and a crash only resets them.
 * Purged of past windows by the rate-limits.purge job.
 */
export const rateLimitCounts = pgTable(
  'rate_limit_counts',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limit_counts_window_idx').on(t.windowEndsAt)],
);
