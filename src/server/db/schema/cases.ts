// People and consents are written by features/referrals; cases, their events, contacts and
// safeguarding concerns by features/cases. One file: cases refer to people, consents to cases.
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts, sites } from './accounts';
import { timestamps, version } from './columns';

/*
 * The social prescribing pathway (domain.md, steps 1 to 6). A person belongs to one site;
 * a case is one episode of support opened by a referral; re-referral opens a new case for
 * the same person. Status histories are append-only rows beside their subject.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['female', 'male', 'other', 'not_stated'] }),
    email: text('email'),
    phone: text('phone'),
    preferredLanguage: text('preferred_language', { enum: ['fr', 'en'] }).notNull(),
    contactPreference: text('contact_preference', {
      enum: ['phone', 'email', 'text_message', 'post'],
    }).notNull(),
    /** Approximate address: a street or neighbourhood, never required to be exact. */
    address: text('address'),
    postalCode: text('postal_code'),
    accessibilityNeeds: text('accessibility_needs'),
    /** Set when a link worker merged this record into another one of the same person. */
    mergedIntoId: uuid('merged_into_id'),
    /**
     * When the person's identity and free texts were removed (retention or erasure on
     * request, features/person-record); what the reports count stays.
     */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    ...version,
    ...timestamps,
  },
  // Duplicates share a site and a birth date; names are then compared without accents.
  (t) => [index('people_duplicate_idx').on(t.siteId, t.dateOfBirth)],
);

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Short human reference, unique per installation: shown on screens and printouts. */
    reference: text('reference').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    /** Another person record of the same site with the same name and birth date, to review. */
    possibleDuplicateOfId: uuid('possible_duplicate_of_id').references(() => people.id),
    source: text('source', { enum: ['clinician', 'agency', 'self'] }).notNull(),
    referrerAccountId: uuid('referrer_account_id').references(() => accounts.id),
    /** The referring agency or person, when not an account of ours. */
    referrerName: text('referrer_name'),
    referrerOrganisation: text('referrer_organisation'),
    referrerContact: text('referrer_contact'),
    reasons: text('reasons').array().notNull(),
    reasonOther: text('reason_other'),
    urgency: text('urgency', { enum: ['routine', 'soon', 'urgent'] }).notNull(),
    context: text('context'),
    status: text('status', {
      enum: ['new', 'assigned', 'active', 'declined', 'unreachable', 'discharged'],
    }).notNull(),
    assignedTo: uuid('assigned_to').references(() => accounts.id),
    /** SNOMED CT code of the person's answer: accepted or declined. */
    outcomeCode: text('outcome_code'),
    closureReason: text('closure_reason'),
    closureNote: text('closure_note'),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull().defaultNow(),
    firstContactAt: timestamp('first_contact_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** When the next planned action falls due: drives the caseload's ordering and flags. */
    nextActionAt: timestamp('next_action_at', { withTimezone: true }),
    /** The summary back to the referrer, written at closure (PRSB message back to referrer). */
    referrerSummary: jsonb('referrer_summary').$type<Record<string, unknown>>(),
    ...version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cases_reference_key').on(t.reference),
    index('cases_site_status_idx').on(t.siteId, t.status, t.referredAt),
    index('cases_assigned_idx').on(t.assignedTo, t.status),
    index('cases_person_idx').on(t.personId),
    index('cases_referrer_idx').on(t.referrerAccountId, t.referredAt),
  ],
);

/** The person's consent: who gave it, when, and what it covers. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    caseId: uuid('case_id').references(() => cases.id),
    givenBy: text('given_by', {
      enum: ['person', 'guardian', 'carer', 'power_of_attorney'],
    }).notNull(),
    givenByName: text('given_by_name'),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    /** Consent to be referred to social prescribing: without it there is no referral. */
    coversReferral: boolean('covers_referral').notNull(),
    /** The referrer may receive updates and the summary at closure. */
    coversReferrerUpdates: boolean('covers_referrer_updates').notNull(),
    /** Partners may see what the person shared with the link worker, beyond the minimum. */
    coversSharingWithPartners: boolean('covers_sharing_with_partners').notNull().default(false),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** When the person withdrew updates to the referrer alone (from their own space). */
    referrerUpdatesWithdrawnAt: timestamp('referrer_updates_withdrawn_at', { withTimezone: true }),
    /** When the person withdrew sharing with partners alone (from their own space). */
    partnerSharingWithdrawnAt: timestamp('partner_sharing_withdrawn_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('consents_case_idx').on(t.caseId), index('consents_person_idx').on(t.personId)],
);

export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    note: text('note'),
    actorId: uuid('actor_id').references(() => accounts.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    channel: text('channel', { enum: ['phone', 'in_person', 'video', 'message'] }).notNull(),
    outcome: text('outcome', {
      enum: ['reached', 'no_answer', 'left_message', 'wrong_number', 'rescheduled'],
    }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes'),
    notes: text('notes'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('contacts_case_idx').on(t.caseId, t.occurredAt)],
);

export const safeguardingConcerns = pgTable(
  'safeguarding_concerns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    level: text('level', { enum: ['concern', 'urgent'] }).notNull(),
    description: text('description').notNull(),
    raisedBy: uuid('raised_by').references(() => accounts.id),
    /** What raised it when not a person: a questionnaire answer, for instance. */
    origin: text('origin').notNull().default('manual'),
    acknowledgedBy: uuid('acknowledged_by').references(() => accounts.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('safeguarding_concerns_case_idx').on(t.caseId, t.createdAt)],
);
