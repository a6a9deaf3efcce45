import {
  type SQL,
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  lt,
  ne,
  or,
  sql,
} from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import {
  accounts,
  caseEvents,
  cases,
  consents,
  organisations,
  people,
  roleGrants,
  sites,
} from '../../db/schema';

export type PersonRow = typeof people.$inferSelect;
type PersonInsert = typeof people.$inferInsert;
type ConsentInsert = typeof consents.$inferInsert;
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
  const team = db
    .selectDistinct({ email: accounts.email, locale: accounts.locale })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .where(
      and(
        eq(roleGrants.siteId, sites.id),
        eq(roleGrants.role, 'link_worker'),
        eq(accounts.active, true),
      ),
    )
    .as('team');
  const [row] = await db
    .select({
      ...siteSummaryColumns,
      linkWorkers: sql<TeamMember[]>`(select coalesce(json_agg(team), '[]') from ${team})`,
    })
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(eq(sites.id, id));
  return row;
}

/**
 * Inserts a person and, in the same statement, finds the earliest other live record of the
 * same person at the site, whatever the case and accents of the names: the new row is not in the statement's
 * snapshot, so it never matches itself.
 */
export async function insertPersonFindingDuplicate(
  db: Database,
  values: PersonInsert & Pick<PersonRow, 'siteId' | 'givenName' | 'familyName' | 'dateOfBirth'>,
): Promise<{ person: PersonRow; duplicateOfId: string | null }> {
  const other = alias(people, 'other');
  const duplicate = db
    .select({ id: other.id })
    .from(other)
    .where(
      and(
        eq(other.siteId, values.siteId),
        eq(other.dateOfBirth, values.dateOfBirth),
        isNull(other.mergedIntoId),
        sameName(other.givenName, values.givenName),
        sameName(other.familyName, values.familyName),
      ),
    )
    .orderBy(asc(other.createdAt))
    .limit(1);
  const [row] = await db
    .insert(people)
    .values(values)
    .returning({ ...getTableColumns(people), duplicateOfId: sql<string | null>`(${duplicate})` });
  if (!row) throw new Error('insert into people returned no row');
  const { duplicateOfId, ...person } = row;
  return { person, duplicateOfId };
}

export async function findPerson(db: Database, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** Names match whatever their case and accents: Hélène Côté is Helene Cote. */
function sameName(column: AnyPgColumn, value: string): SQL {
  return sql`lower(unaccent(btrim(${column}))) = lower(unaccent(btrim(${value})))`;
}

export async function insertConsent(db: Database, values: ConsentInsert): Promise<void> {
  await db.insert(consents).values(values);
}

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
): Promise<{ status: string; at: Date }[]> {
  return db
    .select({ status: caseEvents.toStatus, at: caseEvents.at })
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
