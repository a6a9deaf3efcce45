import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
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

export type AssessmentNeeds = Partial<Record<string, 'none' | 'some' | 'high'>>;

/** "What matters to you": one per case, edited in place with a version check. */
export const assessments = pgTable('assessments', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id),
  whatMatters: text('what_matters'),
  needs: jsonb('needs').$type<AssessmentNeeds>().notNull().default({}),
  strengths: text('strengths'),
  interests: text('interests'),
  barriers: text('barriers')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  barrierNotes: text('barrier_notes'),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  ...version,
  ...timestamps,
});

export type PlanGoal = {
  id: string;
  text: string;
  steps: { id: string; text: string; owner: string; dueOn: string | null; doneAt: string | null }[];
};

/** The co-produced action plan: goals in the person's words, edited as a whole. */
export const actionPlans = pgTable('action_plans', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id),
  goals: jsonb('goals').$type<PlanGoal[]>().notNull().default([]),
  agreedOn: date('agreed_on', { mode: 'string' }),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  ...version,
  ...timestamps,
});

export const planReviews = pgTable(
  'plan_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
    notes: text('notes').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('plan_reviews_case_idx').on(t.caseId, t.reviewedOn)],
);

export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['review', 'call', 'measurement'] }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    note: text('note'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    ...version,
    ...timestamps,
  },
  (t) => [
    index('follow_ups_case_idx').on(t.caseId, t.dueOn),
    index('follow_ups_due_idx')
      .on(t.dueOn)
      .where(sql`done_at is null`),
  ],
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

/** A closed loop between a case and a community service (or a described activity). */
export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The directory service, when the activity was found in the directory. */
    serviceId: text('service_id'),
    /** The community partner organisation whose staff answer for the connection. */
    partnerOrganisationId: uuid('partner_organisation_id').references(() => organisations.id),
    organisationName: text('organisation_name').notNull(),
    activity: text('activity').notNull(),
    /** Where the partner is reached when its staff do not use accounts. */
    partnerEmail: text('partner_email'),
    /** What the person wants from the activity, in their words: shared with the partner. */
    personWants: text('person_wants'),
    status: text('status', {
      enum: [
        'proposed',
        'sent',
        'accepted',
        'declined',
        'attended',
        'ongoing',
        'stopped',
        'not_taken_up',
      ],
    }).notNull(),
    statusReason: text('status_reason'),
    firstAttendedOn: date('first_attended_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => accounts.id),
    ...version,
    ...timestamps,
  },
  (t) => [
    index('connections_case_idx').on(t.caseId),
    index('connections_partner_idx').on(t.partnerOrganisationId, t.status),
  ],
);

export const connectionEvents = pgTable(
  'connection_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    note: text('note'),
    actorId: uuid('actor_id').references(() => accounts.id),
    /** How the change came: by a signed-in account, or through an emailed link. */
    via: text('via', { enum: ['account', 'link'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('connection_events_connection_idx').on(t.connectionId, t.at)],
);

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

/** Emails are written in the transaction of the change they announce, then delivered. */
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
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
      .on(t.nextAttemptAt)
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
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('measurements_case_instrument_timepoint_key').on(
      t.caseId,
      t.instrumentId,
      t.timepoint,
    ),
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

/*
 * Evaluation report summaries (features/reports/report-summaries*.ts): narrow copies of what
 * the reports count, kept current by the 'reports.refresh' job, so that the dashboard and
 * the instrument change add up a few thousand monthly rows instead of joining a million
 * cases to their contacts, plans, connections and scores on every request. Nothing here is
 * a source of truth: a full rebuild recreates every row from the pathway tables.
 */

/** Cases whose summaries are out of date, queued by triggers on the tables the reports read. */
export const reportDirtyCases = pgTable('report_dirty_cases', {
  caseId: uuid('case_id').primaryKey(),
});

/** One row: when the summaries were last brought up to date ("as of" on the reports). */
export const reportRefreshState = pgTable('report_refresh_state', {
  id: integer('id').primaryKey().default(1),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});

/** One narrow row per case: its site, referral month and date, groups and pathway flags. */
export const reportCaseFacts = pgTable(
  'report_case_facts',
  {
    caseId: uuid('case_id').primaryKey(),
    siteId: uuid('site_id').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    /** First day of the referral's month, in UTC. */
    month: date('month').notNull(),
    source: text('source').notNull(),
    urgency: text('urgency').notNull(),
    reasons: text('reasons').array().notNull(),
    status: text('status').notNull(),
    assignedTo: uuid('assigned_to'),
    /** A code of the fixed list or 'other'; null unless discharged. */
    closureReason: text('closure_reason'),
    contacted: boolean('contacted').notNull(),
    accepted: boolean('accepted').notNull(),
    assessed: boolean('assessed').notNull(),
    planned: boolean('planned').notNull(),
    connected: boolean('connected').notNull(),
    attended: boolean('attended').notNull(),
    discharged: boolean('discharged').notNull(),
    open: boolean('open').notNull(),
    daysToFirstContact: doublePrecision('days_to_first_contact'),
    ageBand: text('age_band'),
    sex: text('sex').notNull(),
    language: text('language'),
    area: text('area').notNull(),
  },
  (t) => [index('report_case_facts_site_month_idx').on(t.siteId, t.month)],
);

/** One row per connection: what the partner and category counts need. */
export const reportConnectionFacts = pgTable(
  'report_connection_facts',
  {
    connectionId: uuid('connection_id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    siteId: uuid('site_id').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    month: date('month').notNull(),
    /** The category is looked up at read time, so a re-categorised service needs no refresh. */
    serviceId: text('service_id'),
    partner: text('partner').notNull(),
    declineReason: text('decline_reason'),
    declined: boolean('declined').notNull(),
    attended: boolean('attended').notNull(),
  },
  (t) => [
    index('report_connection_facts_case_idx').on(t.caseId),
    index('report_connection_facts_site_month_idx').on(t.siteId, t.month),
  ],
);

/** Per case, instrument and scale: the baseline score and the latest follow-up's, both present. */
export const reportOutcomePairs = pgTable(
  'report_outcome_pairs',
  {
    caseId: uuid('case_id').notNull(),
    instrumentId: text('instrument_id').notNull(),
    scale: text('scale').notNull(),
    siteId: uuid('site_id').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    month: date('month').notNull(),
    before: doublePrecision('before').notNull(),
    after: doublePrecision('after').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.instrumentId, t.scale] }),
    index('report_outcome_pairs_site_month_idx').on(t.siteId, t.month),
  ],
);

/**
 * Case counts per site, referral month, dimension and key (dimension 'all' has a null key):
 * the dashboard sums the months inside its date range and counts the facts of the months it
 * cuts through.
 */
export const reportMonthCases = pgTable(
  'report_month_cases',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    dimension: text('dimension').notNull(),
    key: text('key'),
    referred: integer('referred').notNull(),
    contacted: integer('contacted').notNull(),
    accepted: integer('accepted').notNull(),
    assessed: integer('assessed').notNull(),
    planned: integer('planned').notNull(),
    connected: integer('connected').notNull(),
    attended: integer('attended').notNull(),
    discharged: integer('discharged').notNull(),
    open: integer('open').notNull(),
    onlyReferred: integer('only_referred').notNull(),
    onlyContacted: integer('only_contacted').notNull(),
    onlyAccepted: integer('only_accepted').notNull(),
    onlyAssessed: integer('only_assessed').notNull(),
    onlyPlanned: integer('only_planned').notNull(),
    onlyConnected: integer('only_connected').notNull(),
    onlyAttended: integer('only_attended').notNull(),
  },
  (t) => [index('report_month_cases_site_month_idx').on(t.siteId, t.month)],
);

/** Connection counts per site, referral month, service, partner and decline reason. */
export const reportMonthConnections = pgTable(
  'report_month_connections',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    serviceId: text('service_id'),
    partner: text('partner').notNull(),
    declineReason: text('decline_reason'),
    connections: integer('connections').notNull(),
    declined: integer('declined').notNull(),
    attended: integer('attended').notNull(),
  },
  (t) => [index('report_month_connections_site_month_idx').on(t.siteId, t.month)],
);

/** How many cases of a site and referral month went from one score to another on a scale. */
export const reportMonthOutcomes = pgTable(
  'report_month_outcomes',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    instrumentId: text('instrument_id').notNull(),
    scale: text('scale').notNull(),
    before: doublePrecision('before').notNull(),
    after: doublePrecision('after').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('report_month_outcomes_site_month_idx').on(t.siteId, t.month)],
);
