// Written by features/case-records: what a link worker keeps beside a case in a day's work.
import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { cases, contacts } from './cases';
import { timestamps, version } from './columns';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * A dated free-text note on a case. Its author may edit it for a short time; after that a
 * correction is a new note that names the one it amends, so what was read stays readable.
 */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    body: text('body').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => accounts.id),
    /** The earlier note this one corrects. */
    amendsId: uuid('amends_id'),
    ...version,
    ...timestamps,
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.createdAt)],
);

/** A meeting with the person: in person, by phone or by video. Held ones count as contacts. */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The link worker who meets the person: whose agenda it fills. */
    withAccountId: uuid('with_account_id')
      .notNull()
      .references(() => accounts.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    mode: text('mode', { enum: ['in_person', 'phone', 'video'] }).notNull(),
    /** An address for in person, a number or a video link otherwise. */
    place: text('place'),
    note: text('note'),
    status: text('status', { enum: ['planned', 'held', 'missed', 'cancelled'] })
      .notNull()
      .default('planned'),
    /** The contact recorded when the appointment was marked held. */
    contactId: uuid('contact_id').references(() => contacts.id),
    /** When the invitation (with its .ics file) was last queued to the person. */
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => accounts.id),
    ...version,
    ...timestamps,
  },
  (t) => [
    index('appointments_case_idx').on(t.caseId, t.startsAt),
    index('appointments_agenda_idx').on(t.withAccountId, t.startsAt),
  ],
);

/** A file kept with a case (signed consent, a letter); the bytes live in the row. */
export const caseDocuments = pgTable(
  'case_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['consent', 'letter', 'report', 'other'] }).notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => accounts.id),
    /** Removed from the case: the row stays for the audit, the bytes are cleared. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => accounts.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('case_documents_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * What an account should know about: the pathway events emailed to it. Written by the outbox
 * (platform/mail) with each such email, in its transaction; read and marked read by
 * features/notifications, each account its own only.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** What happened, as a message key the screen words in the reader's language. */
    kind: text('kind').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    connectionId: uuid('connection_id'),
    /** Words the message needs (a case reference, an activity); never health details. */
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('notifications_account_idx').on(t.accountId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.accountId)
      .where(sql`${t.readAt} is null`),
  ],
);
