import {
  type Placeholder,
  type SQL,
  and,
  asc,
  desc,
  eq,
  inArray,
  lt,
  ne,
  or,
  sql,
} from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { type JsonRow, rowFromJson } from '../../db/json-rows';
import {
  type StatementValues,
  driverValues,
  insertColumns,
  preparedStatement,
  typedPlaceholders,
} from '../../db/prepared';
import {
  accounts,
  auditEvents,
  caseEvents,
  cases,
  consents,
  organisations,
  people,
  roleGrants,
  sites,
} from '../../db/schema';
import {
  type NewAuditEvent,
  auditColumns,
  auditPlaceholdersWithDetails,
  auditValues,
} from '../audit';
import { outboxCtes } from '../../platform/mail/outbox';

export type PersonRow = typeof people.$inferSelect;
type PersonInsert = typeof people.$inferInsert;
type ConsentInsert = typeof consents.$inferInsert;
type CaseRow = typeof cases.$inferSelect;
type CaseInsert = typeof cases.$inferInsert;
export type SiteSummaryRow = {
  id: string;
  name: string;
  organisationName: string;
  defaultLocale: 'fr' | 'en';
  waitingThresholdDays: number;
  acceptsSelfReferrals: boolean;
  organisationKind: 'health_centre' | 'community_partner' | 'programme';
};

const siteSummaryColumns = {
  id: sites.id,
  name: sites.name,
  organisationName: organisations.name,
  defaultLocale: sites.defaultLocale,
  waitingThresholdDays: sites.waitingThresholdDays,
  acceptsSelfReferrals: sites.acceptsSelfReferrals,
  organisationKind: organisations.kind,
};

export function selectSiteSummaries(
  db: Database,
  filter: { ids: string[] } | { acceptingSelfReferrals: true },
): Promise<SiteSummaryRow[]> {
  if ('ids' in filter && filter.ids.length === 0) return Promise.resolve([]);
  return db
    .select(siteSummaryColumns)
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(
      'ids' in filter
        ? inArray(sites.id, filter.ids)
        : and(eq(sites.acceptsSelfReferrals, true), ne(organisations.kind, 'community_partner')),
    )
    .orderBy(asc(organisations.name), asc(sites.name));
}

export async function findSiteSummary(
  db: Database,
  id: string,
): Promise<SiteSummaryRow | undefined> {
  const [row] = await db
    .select(siteSummaryColumns)
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(eq(sites.id, id));
  return row;
}

export type TeamMember = { email: string; locale: 'fr' | 'en' | null };

export type ReferralSite = SiteSummaryRow & { linkWorkers: TeamMember[] };

/** A site with the link workers a new referral is announced to, in one round trip. */
export async function findReferralSite(
  db: Database,
  id: string,
): Promise<ReferralSite | undefined> {
  const [row] = await referralSiteStatement(db, { id });
  return row;
}

/** Every referral reads it: built once (see db/prepared.ts). */
const referralSiteStatement = preparedStatement<ReferralSite>(
  'referral_site',
  () => sql`
    select s.id, s.name, o.name as "organisationName", s.default_locale as "defaultLocale",
      s.waiting_threshold_days as "waitingThresholdDays",
      s.accepts_self_referrals as "acceptsSelfReferrals", o.kind as "organisationKind",
      (select coalesce(json_agg(team), '[]') from (
        select distinct a.email, a.locale
        from ${roleGrants} g join ${accounts} a on a.id = g.account_id
        where g.site_id = s.id and g.role = 'link_worker' and a.active
      ) team) as "linkWorkers"
    from ${sites} s join ${organisations} o on o.id = s.organisation_id
    where s.id = ${sql.placeholder('id')}`,
);

type ReferralCase = Pick<
  CaseInsert,
  | 'id'
  | 'reference'
  | 'status'
  | 'siteId'
  | 'source'
  | 'referrerAccountId'
  | 'referrerName'
  | 'referrerOrganisation'
  | 'referrerContact'
  | 'reasons'
  | 'reasonOther'
  | 'urgency'
  | 'context'
>;

export type NewReferralRows = {
  person: PersonInsert & Pick<PersonRow, 'siteId' | 'givenName' | 'familyName' | 'dateOfBirth'>;
  case: ReferralCase;
  consent: Omit<ConsentInsert, 'personId' | 'caseId'>;
  /** Who the first line of the case's history names. */
  actorId: string | null;
  /** The referral's audit event; the statement adds whether it found a possible duplicate. */
  audit: NewAuditEvent;
  /** The messages announcing it, as `queuedMessages` gives them. */
  messages: StatementValues;
  /**
   * The person's and consent's ids when the caller chose them (a system staged its Patient
   * and Consent under ids it was given); new ones otherwise.
   */
  ids?: { personId: string; consentId: string } | undefined;
};

/**
 * Writes a referral in one statement (one round trip, atomic without a transaction): the
 * person, their case in "new" with its first history line, their consent, the audit event
 * and the emails and notifications announcing it. It also finds the earliest other
 * live record of the same person at the site, whatever the case and accents of the names, and
 * marks the case a possible duplicate of it: the new person is not in the statement's
 * snapshot, so it never matches itself.
 */
export async function insertReferral(
  db: Database,
  rows: NewReferralRows,
): Promise<{ row: CaseRow; duplicateOfId: string | null; consentId: string }> {
  const [row] = await insertReferralStatement(db, {
    ...prefixed('person_', driverValues(people, pick(rows.person, personFields))),
    ...prefixed('case_', driverValues(cases, pick(rows.case, caseFields))),
    ...prefixed('consent_', driverValues(consents, pick(rows.consent, consentGivenFields))),
    ...auditValues(rows.audit),
    ...rows.messages,
    actorId: rows.actorId,
    chosenPersonId: rows.ids?.personId ?? null,
    chosenConsentId: rows.ids?.consentId ?? null,
  });
  if (!row) throw new Error('the referral statement returned no case');
  return {
    row: rowFromJson(cases, row),
    duplicateOfId: row.duplicate_of_id ?? null,
    consentId: row.consent_id,
  };
}

/** The columns a referral gives a new person, every one named (null when not given). */
const personFields = [
  'siteId',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'email',
  'phone',
  'preferredLanguage',
  'contactPreference',
  'address',
  'postalCode',
  'accessibilityNeeds',
] as const;

const caseFields = [
  'id',
  'reference',
  'status',
  'siteId',
  'source',
  'referrerAccountId',
  'referrerName',
  'referrerOrganisation',
  'referrerContact',
  'reasons',
  'reasonOther',
  'urgency',
  'context',
] as const;

const consentGivenFields = [
  'givenBy',
  'givenByName',
  'givenAt',
  'coversReferral',
  'coversReferrerUpdates',
  'coversSharingWithPartners',
  'recordedBy',
] as const;

function pick(values: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, values[field] ?? null]));
}

function prefixed(prefix: string, values: StatementValues): StatementValues {
  return Object.fromEntries(Object.entries(values).map(([key, v]) => [`${prefix}${key}`, v]));
}

const insertReferralStatement = preparedStatement<
  JsonRow & { duplicate_of_id: string | null; consent_id: string }
>('insert_referral', () => {
  const person = (field: (typeof personFields)[number]) => sql.placeholder(`person_${field}`);
  return sql`
      with duplicate as (
        select other.id from ${people} other
        where other.site_id = ${person('siteId')} and other.date_of_birth = ${person('dateOfBirth')}
          and other.merged_into_id is null
          and ${sameName(sql`other.given_name`, person('givenName'))}
          and ${sameName(sql`other.family_name`, person('familyName'))}
        order by other.created_at limit 1
      ), person as (
        insert into ${people} (id, ${insertColumns(people, personFields)})
        values (coalesce(${sql.placeholder('chosenPersonId')}::uuid, gen_random_uuid()),
          ${sql.join(personFields.map(person), sql`, `)})
        returning id
      ), opened as (
        insert into ${cases} (${insertColumns(cases, caseFields)}, person_id, possible_duplicate_of_id)
        select ${typedPlaceholders(cases, caseFields, 'case_')}, person.id, (select id from duplicate)
        from person
        returning *
      ), history as (
        insert into ${caseEvents} (case_id, to_status, actor_id, at)
        select id, status, ${sql.placeholder('actorId')}::uuid, referred_at from opened
      ), consent as (
        insert into ${consents} (id, ${insertColumns(consents, consentGivenFields)}, person_id, case_id)
        select coalesce(${sql.placeholder('chosenConsentId')}::uuid, gen_random_uuid()),
          ${typedPlaceholders(consents, consentGivenFields, 'consent_')}, person_id, id
        from opened
        returning id
      ), audit as (
        insert into ${auditEvents} (${auditColumns})
        select ${auditPlaceholdersWithDetails(
          sql`jsonb_build_object('possibleDuplicate', exists (select 1 from duplicate))`,
        )}
        from opened
      ), ${outboxCtes}
      select opened.*, (select id from duplicate) as duplicate_of_id,
        (select id from consent) as consent_id
      from opened`;
});

export async function findPerson(db: Database, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** Names match whatever their case and accents: Hélène Côté is Helene Cote. */
function sameName(column: AnyPgColumn | SQL, value: string | SQL | Placeholder): SQL {
  return sql`lower(unaccent(btrim(${column}))) = lower(unaccent(btrim(${value})))`;
}

export async function insertConsent(db: Database, values: ConsentInsert): Promise<void> {
  await insertConsentStatement(db, driverValues(consents, pick(values, consentFields)));
}

const consentFields = ['personId', 'caseId', ...consentGivenFields] as const;

/** Every re-referral writes one: built once (see db/prepared.ts). */
const insertConsentStatement = preparedStatement(
  'insert_consent',
  () => sql`insert into ${consents} (${insertColumns(consents, consentFields)})
    values (${sql.join(
      consentFields.map((field) => sql.placeholder(field)),
      sql`, `,
    )})`,
);

export async function findCaseConsent(
  db: Database,
  caseId: string,
): Promise<typeof consents.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(consents)
    .where(eq(consents.caseId, caseId))
    .orderBy(desc(consents.createdAt))
    .limit(1);
  return row;
}

export async function moveCaseConsents(
  db: Database,
  caseId: string,
  personId: string,
): Promise<void> {
  await db.update(consents).set({ personId }).where(eq(consents.caseId, caseId));
}

/** Marks a record as merged into another, at the version read. */
export async function markPersonMerged(db: Database, id: string, intoId: string): Promise<void> {
  await db
    .update(people)
    .set({ mergedIntoId: intoId, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(eq(people.id, id));
}

export async function updatePersonContact(
  db: Database,
  id: string,
  patch: Partial<
    Pick<
      PersonInsert,
      | 'email'
      | 'phone'
      | 'address'
      | 'postalCode'
      | 'contactPreference'
      | 'preferredLanguage'
      | 'accessibilityNeeds'
      | 'sex'
    >
  >,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db
    .update(people)
    .set({ ...patch, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(eq(people.id, id));
}

export type ReferralRow = {
  id: string;
  reference: string;
  siteId: string;
  siteName: string;
  source: 'clinician' | 'agency' | 'self';
  givenName: string;
  familyName: string;
  reasons: string[];
  reasonOther: string | null;
  urgency: 'routine' | 'soon' | 'urgent';
  status: 'new' | 'assigned' | 'active' | 'declined' | 'unreachable' | 'discharged';
  assignedTo: string | null;
  referredAt: Date;
  closedAt: Date | null;
  referrerSummary: Record<string, unknown> | null;
  referrerAccountId: string | null;
};

const referralColumns = {
  id: cases.id,
  reference: cases.reference,
  siteId: cases.siteId,
  siteName: sites.name,
  source: cases.source,
  givenName: people.givenName,
  familyName: people.familyName,
  reasons: cases.reasons,
  reasonOther: cases.reasonOther,
  urgency: cases.urgency,
  status: cases.status,
  assignedTo: cases.assignedTo,
  referredAt: cases.referredAt,
  closedAt: cases.closedAt,
  referrerSummary: cases.referrerSummary,
  referrerAccountId: cases.referrerAccountId,
};

export async function findReferral(db: Database, caseId: string): Promise<ReferralRow | undefined> {
  const [row] = await db
    .select(referralColumns)
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(cases.id, caseId));
  return row;
}

/** The referrer's own referrals, newest first, keyset-paged on (referred_at, id). */
export function selectReferralsOf(
  db: Database,
  referrerAccountId: string,
  page: { before?: { referredAt: Date; id: string } | undefined; limit: number },
): Promise<ReferralRow[]> {
  const before = page.before;
  // Dates travel in milliseconds; PostgreSQL keeps microseconds, so page on the former.
  const referredAt = sql<Date>`date_trunc('milliseconds', ${cases.referredAt})`;
  return db
    .select(referralColumns)
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(
      and(
        eq(cases.referrerAccountId, referrerAccountId),
        before
          ? or(
              lt(referredAt, before.referredAt),
              and(eq(referredAt, before.referredAt), lt(cases.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(referredAt), desc(cases.id))
    .limit(page.limit);
}

export function selectStatusHistory(
  db: Database,
  caseId: string,
): Promise<{ status: string; at: Date; reason: string | null }[]> {
  return db
    .select({ status: caseEvents.toStatus, at: caseEvents.at, reason: caseEvents.reason })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
}

export type CaseOfPersonRow = {
  id: string;
  reference: string;
  status: ReferralRow['status'];
  referredAt: Date;
};

export function selectCasesOfPerson(db: Database, personId: string): Promise<CaseOfPersonRow[]> {
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      referredAt: cases.referredAt,
    })
    .from(cases)
    .where(eq(cases.personId, personId))
    .orderBy(desc(cases.referredAt));
}
/** Every consent the person gave (one per case), for what they cover now. */
export async function selectPersonConsents(
  db: Database,
  personId: string,
): Promise<(typeof consents.$inferSelect)[]> {
  return db.select().from(consents).where(eq(consents.personId, personId));
}

/**
 * Withdraws one part of every consent the person gave, at once: updates to the referrer or
 * sharing with partners. A part withdrawn before keeps its first date. The ids it withdrew.
 */
export async function withdrawConsentPart(
  db: Database,
  personId: string,
  part: 'referrer_updates' | 'partner_sharing',
  at: Date,
): Promise<string[]> {
  const column =
    part === 'referrer_updates'
      ? consents.referrerUpdatesWithdrawnAt
      : consents.partnerSharingWithdrawnAt;
  const rows = await db
    .update(consents)
    .set(
      part === 'referrer_updates'
        ? { referrerUpdatesWithdrawnAt: at }
        : { partnerSharingWithdrawnAt: at },
    )
    .where(and(eq(consents.personId, personId), sql`${column} is null`))
    .returning({ id: consents.id });
  return rows.map((row) => row.id);
}

/** The person's language, which they chose from their own space; a staff edit read before is stale. */
export async function updatePreferredLanguage(
  db: Database,
  personId: string,
  locale: 'fr' | 'en',
): Promise<void> {
  await db
    .update(people)
    .set({
      preferredLanguage: locale,
      version: sql`${people.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(people.id, personId), ne(people.preferredLanguage, locale)));
}
