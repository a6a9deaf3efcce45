// Written by features/outcomes.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts, sites } from './accounts';
import { cases, contacts, people } from './cases';
import { timestamps } from './columns';

/**
 * One outcome questionnaire taken at one timepoint of a case (measures.md). The answers are
 * the record (measurement_answers); scores and bands (measurement_scores) are derived from
 * the instrument's definition at write time and kept as plain columns so evaluation reports
 * aggregate without re-scoring. site_id is copied from the case for those aggregates.
 */
export const measurements = pgTable(
  'measurements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    instrumentId: text('instrument_id').notNull(),
    instrumentVersion: integer('instrument_version').notNull(),
    timepoint: text('timepoint', {
      enum: ['baseline', 'month_3', 'month_6', 'month_12', 'discharge'],
    }).notNull(),
    takenOn: date('taken_on', { mode: 'string' }).notNull(),
    answeredBy: text('answered_by', { enum: ['link_worker', 'person'] }).notNull(),
    /** The account that recorded it; null when the person answered through a link. */
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    /** Every item answered with one of its own values. */
    complete: boolean('complete').notNull(),
    /** The measurement this one corrects; the corrected one is then voided. */
    amendsId: uuid('amends_id'),
    /** Voided (wrong person, entered in error, or amended): kept, but no report counts it. */
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidedBy: uuid('voided_by').references(() => accounts.id),
    voidReason: text('void_reason'),
    /** The words given with the 'other' void reason. */
    voidNote: text('void_note'),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('measurements_case_instrument_timepoint_key')
      .on(t.caseId, t.instrumentId, t.timepoint)
      .where(sql`${t.voidedAt} is null`),
    index('measurements_site_instrument_timepoint_idx').on(t.siteId, t.instrumentId, t.timepoint),
    index('measurements_case_idx').on(t.caseId),
  ],
);

/** One answer per item; null when the item was left unanswered (never stored as zero). */
export const measurementAnswers = pgTable(
  'measurement_answers',
  {
    measurementId: uuid('measurement_id')
      .notNull()
      .references(() => measurements.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    value: integer('value'),
  },
  (t) => [primaryKey({ columns: [t.measurementId, t.itemId] })],
);

/** A scale's score and band; both null with a reason when the missing-items rule says so. */
export const measurementScores = pgTable(
  'measurement_scores',
  {
    measurementId: uuid('measurement_id')
      .notNull()
      .references(() => measurements.id, { onDelete: 'cascade' }),
    scale: text('scale').notNull(),
    value: doublePrecision('value'),
    band: text('band'),
    reason: text('reason', { enum: ['missing_items', 'invalid_answers'] }),
  },
  (t) => [primaryKey({ columns: [t.measurementId, t.scale] })],
);

/**
 * A questionnaire sent to the person (by email or shown as a QR code): the instruments and
 * timepoint its action link (purpose 'questionnaire', subject this row) lets them answer.
 */
export const questionnaireRequests = pgTable(
  'questionnaire_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    timepoint: text('timepoint', {
      enum: ['baseline', 'month_3', 'month_6', 'month_12', 'discharge'],
    }).notNull(),
    instrumentIds: text('instrument_ids').array().notNull(),
    /** Null when the reminder job sent it. */
    requestedBy: uuid('requested_by').references(() => accounts.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('questionnaire_requests_case_idx').on(t.caseId)],
);

/** A follow-up timepoint the reminder job has already announced, so it never does twice. */
export const measurementReminders = pgTable(
  'measurement_reminders',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    timepoint: text('timepoint', {
      enum: ['baseline', 'month_3', 'month_6', 'month_12', 'discharge'],
    }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.timepoint] })],
);
