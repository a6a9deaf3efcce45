// Written by features/organisations (organisations, sites), features/accounts (accounts,
// role grants, sessions, password resets) and features/audit (audit events).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps, version } from './columns';

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['health_centre', 'community_partner', 'programme'] }).notNull(),
  ...version,
  ...timestamps,
});

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    defaultLocale: text('default_locale', { enum: ['fr', 'en'] }).notNull(),
    twoFactorRequired: boolean('two_factor_required').notNull().default(false),
    /** Whether the site's staff must sign in through the provider (single sign-on): no password. */
    ssoRequired: boolean('sso_required').notNull().default(false),
    /** Failed contact attempts after which a case may close as unreachable. */
    maxContactAttempts: integer('max_contact_attempts').notNull().default(3),
    /** Days a case may wait for first contact (or its next action) before it is flagged. */
    waitingThresholdDays: integer('waiting_threshold_days').notNull().default(5),
    /** Whether the public self-referral form offers this site. */
    acceptsSelfReferrals: boolean('accepts_self_referrals').notNull().default(true),
    /** Months after the baseline when follow-up measurements come due (outcomes). */
    measurementFollowUpMonths: integer('measurement_follow_up_months')
      .array()
      .notNull()
      .default(sql`'{3,6}'::integer[]`),
    /** The instruments measured by default at each timepoint. */
    measurementInstruments: text('measurement_instruments')
      .array()
      .notNull()
      .default(sql`'{ucla3,ons4}'::text[]`),
    /** Whether the person, too, gets a reminder (with a questionnaire link) when one is due. */
    remindPeopleOfMeasurements: boolean('remind_people_of_measurements').notNull().default(false),
    /** IANA time zone the site works in: its "today", due dates and appointment times. */
    timeZone: text('time_zone').notNull().default('America/Toronto'),
    ...version,
    ...timestamps,
  },
  (t) => [index('sites_organisation_idx').on(t.organisationId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    locale: text('locale', { enum: ['fr', 'en'] }),
    /** Who signs in ('person') or a connected system acting over FHIR ('system': features/systems). */
    kind: text('kind', { enum: ['person', 'system'] })
      .notNull()
      .default('person'),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpLastStep: integer('totp_last_step'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true })
      .notNull()
      .defaultNow(),
    /** When the account last opened its home page: what is new is what came after. */
    homeSeenAt: timestamp('home_seen_at', { withTimezone: true }),
    ...version,
    ...timestamps,
  },
  (t) => [uniqueIndex('accounts_email_key').on(sql`lower(${t.email})`)],
);

export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role', {
      enum: [
        'referrer',
        'link_worker',
        'partner_staff',
        'site_manager',
        'evaluator',
        'administrator',
      ],
    }).notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('role_grants_unique').on(
      t.accountId,
      t.role,
      sql`coalesce(${t.siteId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('role_grants_site_idx').on(t.siteId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token: a leaked table does not leak sessions. */
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Whether this sign-in passed the second factor: where two-factor is required, nothing less gets in. */
    twoFactorPassed: boolean('two_factor_passed').notNull().default(false),
    /** How it was opened: through the provider ('sso'), the second factor is the provider's. */
    signInMethod: text('sign_in_method', { enum: ['password', 'sso'] })
      .notNull()
      .default('password'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/**
 * One-use links to set a new password, emailed to an account that asked (features/accounts,
 * password-reset-service.ts). Only a hash of the token is kept; a newer request ends the
 * older links (superseded_at), setting the password ends the one used (used_at).
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** sha256 of the emailed token. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('password_resets_token_key').on(t.tokenHash),
    index('password_resets_account_idx').on(t.accountId, t.createdAt),
  ],
);

/**
 * Single sign-on attempts between leaving for the provider and coming back (features/accounts,
 * sso-service.ts): keyed by the hash of the state the browser also holds in a cookie, used once,
 * ten minutes at most. The PKCE verifier and nonce stay here, never in the browser.
 */
export const ssoSignIns = pgTable(
  'sso_sign_ins',
  {
    stateHash: text('state_hash').primaryKey(),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    returnTo: text('return_to').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sso_sign_ins_expires_idx').on(t.expiresAt)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => accounts.id),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    siteId: uuid('site_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId, t.at),
    index('audit_events_action_idx').on(t.action, t.at),
  ],
);
