// Written by features/systems: the connected systems (FHIR clients), their signed-assertion
// replay guard and their access tokens (interop/fhir/DESIGN.md §5, §7).
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
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
