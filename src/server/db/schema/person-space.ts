// Written by features/person-space.
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts, sites } from './accounts';
import { cases, people } from './cases';
import { version } from './columns';

/**
 * Sessions of people referred, opened by an emailed sign-in link: a kind apart from the
 * staff's sessions (its own cookie and table), so nothing of a staff account's reach can
 * come with it. Only a hash of the cookie's token is kept; they end after a short idle time.
 */
export const personSessions = pgTable(
  'person_sessions',
  {
    /** sha256 of the cookie token: a leaked table does not leak sessions. */
    tokenHash: text('token_hash').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** The case whose invitation opened it. */
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('person_sessions_person_idx').on(t.personId)],
);

/**
 * Six-digit codes sent by text message that open a person's session: only a keyed hash of
 * the code is kept; one use, a few minutes, a few attempts (features/person-space).
 */
export const personSignInCodes = pgTable(
  'person_sign_in_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when the code opened a session, or when a newer one replaced it. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('person_sign_in_codes_person_idx').on(t.personId, t.createdAt)],
);

/** Notes the person writes to their link worker from their own space, shown on the case. */
export const personNotes = pgTable(
  'person_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('person_notes_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * A person's request, from their own space, that their record be corrected or erased: it
 * reaches the site's managers, who record how it was handled (done, or refused with why).
 */
export const personRequests = pgTable(
  'person_requests',
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
    kind: text('kind', { enum: ['correction', 'erasure'] }).notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['open', 'done', 'refused'] })
      .notNull()
      .default('open'),
    /** The site manager's words to the person: why refused, or what was done. */
    response: text('response'),
    handledBy: uuid('handled_by').references(() => accounts.id),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...version,
  },
  (t) => [
    index('person_requests_case_idx').on(t.caseId, t.createdAt),
    index('person_requests_site_status_idx').on(t.siteId, t.status),
  ],
);
