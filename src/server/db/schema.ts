import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
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

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Optimistic concurrency: every update must name the version it read. */
const version = { version: integer('version').notNull().default(1) };

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
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
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

/*
 * The community directory, in Open Referral HSDS 3.1 terms. Every table keeps the entity's
 * own HSDS properties in `record` (the source of truth for export and the HSDS API); the
 * typed columns are derived from it on every write, for filters and joins. References
 * between HSDS entities are indexed but not constrained: official feeds, including the
 * standard's own examples, carry references to records they do not include.
 */
const hsdsRecord = {
  record: jsonb('record').$type<Record<string, unknown>>().notNull(),
  ...version,
  ...timestamps,
};

export type DirectoryTranslations = Partial<
  Record<'fr' | 'en', { name?: string; description?: string }>
>;

const bilingual = {
  sourceLanguage: text('source_language', { enum: ['fr', 'en'] }),
  translations: jsonb('translations').$type<DirectoryTranslations>().notNull().default({}),
};

export const directoryOrganizations = pgTable(
  'directory_organizations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    parentOrganizationId: text('parent_organization_id'),
    /** The Passerelle community partner whose staff keep this organization's listings. */
    partnerOrganisationId: uuid('partner_organisation_id').references(() => organisations.id),
    ...bilingual,
    ...hsdsRecord,
  },
  (t) => [index('directory_organizations_partner_idx').on(t.partnerOrganisationId)],
);

export const directoryServices = pgTable(
  'directory_services',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id'),
    programId: text('program_id'),
    name: text('name').notNull(),
    description: text('description'),
    status: text('status').notNull(),
    minimumAge: doublePrecision('minimum_age'),
    maximumAge: doublePrecision('maximum_age'),
    lastModified: timestamp('last_modified', { withTimezone: true }),
    ...bilingual,
    referralStatus: text('referral_status', { enum: ['open', 'waitlist', 'full'] })
      .notNull()
      .default('open'),
    lastConfirmedAt: timestamp('last_confirmed_at', { withTimezone: true }),
    // Search columns (a search_document tsvector and its indexes) belong to the search work.
    ...hsdsRecord,
  },
  (t) => [
    index('directory_services_organization_idx').on(t.organizationId),
    index('directory_services_modified_idx').on(t.lastModified),
    index('directory_services_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
  ],
);

export const directoryLocations = pgTable(
  'directory_locations',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id'),
    locationType: text('location_type').notNull(),
    name: text('name'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    ...hsdsRecord,
  },
  (t) => [
    index('directory_locations_organization_idx').on(t.organizationId),
    index('directory_locations_earth_idx').using(
      'gist',
      sql`ll_to_earth(${t.latitude}, ${t.longitude})`,
    ),
  ],
);

export const directoryServiceAtLocations = pgTable(
  'directory_service_at_locations',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id'),
    locationId: text('location_id'),
    ...hsdsRecord,
  },
  (t) => [
    index('directory_sal_service_idx').on(t.serviceId),
    index('directory_sal_location_idx').on(t.locationId),
  ],
);

export const directoryAddresses = pgTable(
  'directory_addresses',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id'),
    addressType: text('address_type'),
    city: text('city'),
    postalCode: text('postal_code'),
    country: text('country'),
    ...hsdsRecord,
  },
  (t) => [
    index('directory_addresses_location_idx').on(t.locationId),
    index('directory_addresses_postal_code_idx').on(sql`upper(replace(${t.postalCode}, ' ', ''))`),
  ],
);

export const directorySchedules = pgTable(
  'directory_schedules',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id'),
    locationId: text('location_id'),
    serviceAtLocationId: text('service_at_location_id'),
    freq: text('freq'),
    byday: text('byday'),
    opensAt: text('opens_at'),
    closesAt: text('closes_at'),
    ...hsdsRecord,
  },
  (t) => [
    index('directory_schedules_service_idx').on(t.serviceId),
    index('directory_schedules_location_idx').on(t.locationId),
    index('directory_schedules_sal_idx').on(t.serviceAtLocationId),
  ],
);

export const directoryLanguages = pgTable(
  'directory_languages',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id'),
    locationId: text('location_id'),
    phoneId: text('phone_id'),
    code: text('code'),
    name: text('name'),
    ...hsdsRecord,
  },
  (t) => [
    index('directory_languages_service_idx').on(t.serviceId),
    index('directory_languages_location_idx').on(t.locationId),
    index('directory_languages_phone_idx').on(t.phoneId),
  ],
);

export const directoryAccessibility = pgTable(
  'directory_accessibility',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id'),
    ...hsdsRecord,
  },
  (t) => [index('directory_accessibility_location_idx').on(t.locationId)],
);

export const directoryCostOptions = pgTable(
  'directory_cost_options',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id'),
    option: text('option'),
    amount: doublePrecision('amount'),
    currency: text('currency'),
    ...hsdsRecord,
  },
  (t) => [index('directory_cost_options_service_idx').on(t.serviceId)],
);

export const directoryTaxonomies = pgTable('directory_taxonomies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ...hsdsRecord,
});

export const directoryTaxonomyTerms = pgTable(
  'directory_taxonomy_terms',
  {
    id: text('id').primaryKey(),
    taxonomyId: text('taxonomy_id'),
    parentId: text('parent_id'),
    code: text('code'),
    name: text('name').notNull(),
    ...bilingual,
    ...hsdsRecord,
  },
  (t) => [
    index('directory_taxonomy_terms_taxonomy_idx').on(t.taxonomyId),
    index('directory_taxonomy_terms_parent_idx').on(t.parentId),
  ],
);

/** HSDS attribute: links any entity (usually a service) to a taxonomy term. */
export const directoryAttributes = pgTable(
  'directory_attributes',
  {
    id: text('id').primaryKey(),
    linkId: text('link_id'),
    linkEntity: text('link_entity'),
    taxonomyTermId: text('taxonomy_term_id'),
    ...hsdsRecord,
  },
  (t) => [
    index('directory_attributes_link_idx').on(t.linkId),
    index('directory_attributes_term_idx').on(t.taxonomyTermId, t.linkId),
  ],
);

export const directoryServiceCapacities = pgTable(
  'directory_service_capacities',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id'),
    unitId: text('unit_id'),
    available: doublePrecision('available'),
    maximum: doublePrecision('maximum'),
    updated: timestamp('updated', { withTimezone: true }),
    ...hsdsRecord,
  },
  (t) => [index('directory_service_capacities_service_idx').on(t.serviceId)],
);

/**
 * Less-queried HSDS entities share one table: contact, phone, funding, program,
 * required_document, service_area, organization_identifier, url, unit and
 * meta_table_description. `parent_ids` holds every *_id the record refers to.
 */
export const directoryRecords = pgTable(
  'directory_records',
  {
    entityType: text('entity_type').notNull(),
    id: text('id').notNull(),
    parentIds: text('parent_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...hsdsRecord,
  },
  (t) => [
    primaryKey({ columns: [t.entityType, t.id] }),
    index('directory_records_parents_idx').using('gin', t.parentIds),
  ],
);

/** HSDS metadata: the change history of every directory record. */
export const directoryMetadata = pgTable(
  'directory_metadata',
  {
    id: text('id').primaryKey(),
    resourceId: text('resource_id'),
    resourceType: text('resource_type'),
    lastActionDate: text('last_action_date'),
    lastActionType: text('last_action_type'),
    fieldName: text('field_name'),
    ...hsdsRecord,
  },
  (t) => [index('directory_metadata_resource_idx').on(t.resourceId)],
);

/*
 * Directory search. A search document is a service's text in both languages, indexed for
 * full text, with the filter facts copied beside it so that one indexed table answers a
 * search; it is rebuilt from the directory tables after every import.
 */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const directorySearchDocuments = pgTable(
  'directory_search_documents',
  {
    serviceId: text('service_id').primaryKey(),
    sourceLanguage: text('source_language', { enum: ['fr', 'en'] }),
    document: tsvector('document').notNull(),
    categoryIds: text('category_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languageCodes: text('language_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isFree: boolean('is_free').notNull().default(false),
    lowestCost: doublePrecision('lowest_cost'),
    minimumAge: doublePrecision('minimum_age'),
    maximumAge: doublePrecision('maximum_age'),
    referralStatus: text('referral_status', { enum: ['open', 'waitlist', 'full'] }).notNull(),
    openDays: text('open_days')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    opensAt: text('opens_at'),
    closesAt: text('closes_at'),
    accessibility: text('accessibility'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('directory_search_documents_document_idx').using('gin', t.document),
    index('directory_search_documents_categories_idx').using('gin', t.categoryIds),
    index('directory_search_documents_languages_idx').using('gin', t.languageCodes),
    index('directory_search_documents_days_idx').using('gin', t.openDays),
    index('directory_search_documents_earth_idx').using(
      'gist',
      sql`ll_to_earth(${t.latitude}, ${t.longitude})`,
    ),
  ],
);

/** Every distinct unaccented word of the listings and the vocabulary: what typos are corrected to. */
export const searchLexicon = pgTable('search_lexicon', { word: text('word').primaryKey() }, (t) => [
  index('search_lexicon_word_trgm_idx').using('gin', t.word.op('gin_trgm_ops')),
]);

/** Terms that mean the same thing in English and French, maintained by administrators. */
export const searchVocabulary = pgTable('search_vocabulary', {
  id: uuid('id').primaryKey().defaultRandom(),
  category: text('category'),
  en: text('en').array().notNull(),
  fr: text('fr').array().notNull(),
  ...version,
  ...timestamps,
});
