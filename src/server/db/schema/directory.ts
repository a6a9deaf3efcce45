// Written by features/directory: imports, listings and their change requests.
import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts, organisations } from './accounts';
import { timestamps, version } from './columns';

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
  (t) => [
    index('directory_organizations_partner_idx').on(t.partnerOrganisationId),
    // FHIR Organization search pages in the order records change (directory-changes-queries.ts).
    index('directory_organizations_changes_idx').on(t.updatedAt, t.id),
  ],
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
    // FHIR HealthcareService search pages in the order records change (directory-changes-queries.ts).
    index('directory_services_changes_idx').on(t.updatedAt, t.id),
    index('directory_services_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    // Filter-only searches list the most recently confirmed first (search-queries.ts).
    index('directory_services_confirmed_idx').on(
      sql`(coalesce(${t.lastConfirmedAt}, ${t.lastModified}, ${t.createdAt}))`,
      t.id,
    ),
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
    // FHIR Location search pages in the order records change (directory-changes-queries.ts).
    index('directory_locations_changes_idx').on(t.updatedAt, t.id),
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

/**
 * Which of Passerelle's categories a term of an imported feed's own taxonomy stands for, so
 * the category filters find the feed's services. Suggested from the search vocabulary on
 * import; an administrator confirms or changes it. A null category: none of ours.
 */
export const directoryTermCategories = pgTable('directory_term_categories', {
  termId: text('term_id').primaryKey(),
  category: text('category'),
  state: text('state', { enum: ['suggested', 'undecided', 'confirmed'] }).notNull(),
  /** The vocabulary words the suggestion rests on. */
  matchedWords: text('matched_words')
    .array()
    .notNull()
    .default(sql`'{}'`),
  decidedBy: uuid('decided_by').references(() => accounts.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  ...version,
  ...timestamps,
});

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

/**
 * Partner staff propose edits to their own listings; an administrator or site manager
 * approves (the record is then written through the import's path, with HSDS metadata)
 * or rejects them. `record` is the whole HSDS record as it would be written;
 * `base_version` is the target's version when proposed, so a target that changed since
 * is noticed at review.
 */
export const directoryChangeRequests = pgTable(
  'directory_change_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerOrganisationId: uuid('partner_organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The listing (service) the change belongs to, for the partner's view and search. */
    serviceId: text('service_id').notNull(),
    entityType: text('entity_type', {
      enum: ['service', 'location', 'schedule', 'service_capacity'],
    }).notNull(),
    /** Null when the request creates a record. */
    entityId: text('entity_id'),
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    translations: jsonb('translations').$type<DirectoryTranslations>(),
    referralStatus: text('referral_status', { enum: ['open', 'waitlist', 'full'] }),
    baseVersion: integer('base_version'),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => accounts.id),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id),
    reviewNote: text('review_note'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    ...version,
    ...timestamps,
  },
  (t) => [
    index('directory_change_requests_status_idx').on(t.status, t.createdAt),
    index('directory_change_requests_partner_idx').on(t.partnerOrganisationId),
    index('directory_change_requests_service_idx').on(t.serviceId),
  ],
);
