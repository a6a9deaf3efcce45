// Written by features/systems: the connected systems (FHIR clients), their signed-assertion
// replay guard and their access tokens (interop/fhir/DESIGN.md §5, §7).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { cases } from './cases';
import { timestamps, version } from './columns';

/** A public JSON Web Key as an administrator registered it (private members refused). */
export type PublicJwk = Record<string, unknown>;

export const fhirClients = pgTable(
  'fhir_clients',
  {
    /** The OAuth client_id. */
    id: uuid('id').primaryKey().defaultRandom(),
    /** Its system account (accounts.kind = 'system'), holding a referrer grant per site. */
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    /** The language of the words sent back to it (statusReason, the referrer summary). */
    locale: text('locale', { enum: ['fr', 'en'] }).notNull(),
    jwks: jsonb('jwks').$type<{ keys: PublicJwk[] }>().notNull(),
    /** SMART v2 form: system/Task.rs. */
    allowedScopes: text('allowed_scopes').array().notNull(),
    endpointOrigins: text('endpoint_origins')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    ...version,
    ...timestamps,
  },
  // One account, one client.
  (t) => [uniqueIndex('fhir_clients_account_key').on(t.accountId)],
);

export const fhirClientAssertions = pgTable(
  'fhir_client_assertions',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => fhirClients.id, { onDelete: 'cascade' }),
    jti: text('jti').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The replay check is the insert.
    primaryKey({ columns: [t.clientId, t.jti] }),
    // The purge.
    index('fhir_client_assertions_expires_idx').on(t.expiresAt),
  ],
);

export const fhirAccessTokens = pgTable(
  'fhir_access_tokens',
  {
    /** sha256 of the opaque token: the per-request lookup; a leaked table leaks no token. */
    tokenHash: text('token_hash').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => fhirClients.id, { onDelete: 'cascade' }),
    /** Granted, in v2 form. */
    scopes: text('scopes').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('fhir_access_tokens_expires_idx').on(t.expiresAt)],
);

/**
 * What a system sent, as received (references rewritten to our ids), for the resources we
 * keep rather than derive: the ServiceRequest, the requester's Practitioner(Role) and
 * Organization, Conditions and DocumentReferences, and the received Task, Patient and
 * Consent for the elements our records lack (identifier, note, input...).
 */
export const fhirResources = pgTable(
  'fhir_resources',
  {
    resourceType: text('resource_type').notNull(),
    /** Ours: the case id for a Task, the person's for a Patient, the consent's for a Consent. */
    id: uuid('id').notNull(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => fhirClients.id),
    /** The referral it came with; null while staged. */
    caseId: uuid('case_id').references(() => cases.id),
    /** Its place in the Bundle it came in, so that a repeat is answered entry for entry. */
    entryIndex: integer('entry_index'),
    resource: jsonb('resource').$type<Record<string, unknown>>().notNull(),
    versionId: integer('version_id').notNull().default(1),
    lastUpdated: timestamp('last_updated', { withTimezone: true }).notNull().defaultNow(),
    /** A resource posted on its own, before its Task: deleted if no Task links it by then. */
    stagedUntil: timestamp('staged_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.resourceType, t.id] }),
    index('fhir_resources_case_idx').on(t.caseId, t.resourceType),
    index('fhir_resources_client_idx').on(t.clientId, t.resourceType, t.lastUpdated, t.id),
    index('fhir_resources_staged_idx')
      .on(t.stagedUntil)
      .where(sql`case_id is null`),
    // A Task posted alone finds its patient's staged Consent without reading every staged one.
    index('fhir_resources_staged_consents_idx')
      .on(t.clientId, sql`(${t.resource} -> 'patient' ->> 'reference')`)
      .where(sql`resource_type = 'Consent' and case_id is null`),
  ],
);

/**
 * The keys that make a referral idempotent, per client: the ServiceRequest's and Task's
 * identifiers, the Bundle's identifier and the SHA-256 of its body. Each names the case it
 * made; the unique index is what makes two concurrent copies make one case.
 */
export const fhirIdentifiers = pgTable(
  'fhir_identifiers',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => fhirClients.id),
    /** ServiceRequest, Task, or Bundle for Bundle.identifier and the body hash. */
    resourceType: text('resource_type').notNull(),
    system: text('system').notNull(),
    value: text('value').notNull(),
    /**
     * The case the key made. No foreign key: the key is written first in the referral's
     * transaction, before its case, so that a concurrent copy waits on it.
     */
    caseId: uuid('case_id').notNull(),
    /** Body-hash keys only: a week, then the same body makes a new referral. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('fhir_identifiers_key').on(t.clientId, t.resourceType, t.system, t.value),
    index('fhir_identifiers_case_idx').on(t.caseId),
    index('fhir_identifiers_expires_idx')
      .on(t.expiresAt)
      .where(sql`expires_at is not null`),
  ],
);

/**
 * The Task a system follows for each referral it sent (DESIGN.md §3, §7): its own version
 * and time, moved by the triggers of migration 0021 in the transaction of whatever changes
 * the Task's view (the case's stage, person, site or closure; its connections, plan and
 * consent), so that `_lastUpdated` polling and ETags see every change staff make on screen.
 */
export const fhirTaskState = pgTable(
  'fhir_task_state',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    /** The system account that referred it: the search's scope. */
    clientAccountId: uuid('client_account_id')
      .notNull()
      .references(() => accounts.id),
    versionId: integer('version_id').notNull().default(1),
    lastUpdated: timestamp('last_updated', { withTimezone: true }).notNull().defaultNow(),
  },
  // Polling and paging: a client's Tasks in (lastUpdated, id) order.
  (t) => [index('fhir_task_state_client_idx').on(t.clientAccountId, t.lastUpdated, t.caseId)],
);

/**
 * A system's R4 Subscription (rest-hook) to changes of its referrals' Tasks (DESIGN.md §6).
 * `criteria` is kept as received (`Task?status=accepted`) and parsed again when matched.
 * `headers` go with each notification and are never shown back (a read masks their values).
 */
export const fhirSubscriptions = pgTable(
  'fhir_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => fhirClients.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    criteria: text('criteria').notNull(),
    endpoint: text('endpoint').notNull(),
    headers: text('headers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The Task as application/fhir+json, or an empty POST (R4's payload absent). */
    payload: text('payload', { enum: ['application/fhir+json', 'empty'] }).notNull(),
    /**
     * active; error while its notifications fail (back to active at the next success); off
     * when its system paused it (PUT with status off): nothing is queued or sent for it.
     */
    status: text('status', { enum: ['active', 'error', 'off'] })
      .notNull()
      .default('active'),
    /** The last failure as a code (`HTTP 503`, `ECONNREFUSED`): never the endpoint's words. */
    lastError: text('last_error'),
    endAt: timestamp('end_at', { withTimezone: true }),
    ...version,
    ...timestamps,
  },
  (t) => [index('fhir_subscriptions_client_idx').on(t.clientId)],
);

/**
 * The Tasks changed since the notifier last ran, one row per case (bursts coalesce): written
 * by a trigger on fhir_task_state in the change's own transaction, taken by the notifier in
 * the transaction that queues their deliveries, so a restart loses none.
 */
export const fhirPendingNotifications = pgTable('fhir_pending_notifications', {
  caseId: uuid('case_id').primaryKey(),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One notification due to one subscription about one Task. A pending row takes later changes
 * of the same Task (`event` moves on); sent only when no change came while it was being sent.
 */
export const fhirDeliveries = pgTable(
  'fhir_deliveries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => fhirSubscriptions.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    event: bigint('event', { mode: 'number' }).notNull().default(1),
    /** withheld: the system may no longer read the Task (nothing was sent). */
    status: text('status', { enum: ['pending', 'sent', 'failed', 'withheld'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    // Coalesces: one pending notification per subscription and Task.
    uniqueIndex('fhir_deliveries_pending_key')
      .on(t.subscriptionId, t.caseId)
      .where(sql`status = 'pending'`),
    // The deliverer's claim.
    index('fhir_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
);
