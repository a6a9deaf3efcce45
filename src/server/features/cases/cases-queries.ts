import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import {
  accounts,
  actionPlans,
  assessments,
  caseEvents,
  cases,
  connections,
  consents,
  contacts,
  followUps,
  measurements,
  people,
  roleGrants,
  safeguardingConcerns,
  sites,
} from '../../db/schema';
import type { ContactOutcome, FollowUpKind } from '../../../shared/pathway';
import type { TriageSort } from '../../../shared/contracts/cases';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseEventInsert = typeof caseEvents.$inferInsert;
export type PersonRow = typeof people.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;
export type ContactInsert = typeof contacts.$inferInsert;
export type ConcernRow = typeof safeguardingConcerns.$inferSelect;

/**
 * Inserts a case and the first line of its history in one statement (one round trip): the
 * history's time is the case's referral time.
 */
export async function insertCaseWithFirstEvent(
  db: Database,
  values: CaseInsert,
  event: { actorId: string | null; note: string | null },
): Promise<CaseRow> {
  const opened = db.$with('opened').as(db.insert(cases).values(values).returning());
  const history = db.$with('history', { id: caseEvents.id }).as(
    sql`insert into ${caseEvents} (case_id, to_status, actor_id, note, at)
        select id, status, ${event.actorId}::uuid, ${event.note}, referred_at from ${opened}
        returning id`,
  );
  const [row] = await db.with(opened, history).select().from(opened);
  if (!row) throw new Error('insert into cases returned no row');
  return row;
}

export async function insertCaseEvent(db: Database, values: CaseEventInsert): Promise<void> {
  await db.insert(caseEvents).values(values);
}

export async function findCase(db: Database, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

/** Changes a case only if nobody changed it since the caller read it. */
export async function updateCaseAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Partial<Omit<CaseInsert, 'id' | 'version'>>,
): Promise<CaseRow | undefined> {
  const [row] = await db
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(cases.id, id), eq(cases.version, version)))
    .returning();
  return row;
}

export type CaseTransition = {
  fromStatus: string;
  toStatus: string;
  reason?: string | null;
  note?: string | null;
  actorId: string;
};

/**
 * updateCaseAtVersion and the history line of the status change it makes, in one statement:
 * no line is written when the version no longer matches.
 */
export async function updateCaseRecordingTransition(
  db: Database,
  id: string,
  version: number,
  patch: Partial<Omit<CaseInsert, 'id' | 'version'>>,
  transition: CaseTransition,
): Promise<CaseRow | undefined> {
  const updated = db.$with('updated').as(
    db
      .update(cases)
      .set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: new Date() })
      .where(and(eq(cases.id, id), eq(cases.version, version)))
      .returning(),
  );
  const history = db.$with('history', { id: caseEvents.id }).as(
    sql`insert into ${caseEvents} (case_id, from_status, to_status, reason, note, actor_id)
        select id, ${transition.fromStatus}, ${transition.toStatus}, ${transition.reason ?? null},
          ${transition.note ?? null}, ${transition.actorId}::uuid
        from ${updated}
        returning id`,
  );
  const [row] = await db.with(updated, history).select().from(updated);
  return row;
}

export async function setFirstContactIfUnset(db: Database, id: string, at: Date): Promise<void> {
  await db
    .update(cases)
    .set({ firstContactAt: at })
    .where(and(eq(cases.id, id), isNull(cases.firstContactAt)));
}

export type SiteSettings = {
  id: string;
  name: string;
  defaultLocale: 'fr' | 'en';
  maxContactAttempts: number;
  waitingThresholdDays: number;
};

export async function findSiteSettings(
  db: Database,
  siteId: string,
): Promise<SiteSettings | undefined> {
  const [row] = await db
    .select({
      id: sites.id,
      name: sites.name,
      defaultLocale: sites.defaultLocale,
      maxContactAttempts: sites.maxContactAttempts,
      waitingThresholdDays: sites.waitingThresholdDays,
    })
    .from(sites)
    .where(eq(sites.id, siteId));
  return row;
}

export type StaffMember = {
  accountId: string;
  displayName: string;
  email: string;
  locale: 'fr' | 'en' | null;
  siteId: string;
};

/** Active accounts holding a role at any of the sites. */
export async function selectSiteStaff(
  db: Database,
  role: 'link_worker' | 'site_manager',
  siteIds: string[],
): Promise<StaffMember[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select({
      accountId: accounts.id,
      displayName: accounts.displayName,
      email: accounts.email,
      locale: accounts.locale,
      siteId: roleGrants.siteId,
    })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .where(
      and(
        eq(roleGrants.role, role),
        inArray(roleGrants.siteId, siteIds),
        eq(accounts.active, true),
      ),
    )
    .orderBy(asc(accounts.displayName));
  return rows.flatMap((r) => (r.siteId ? [{ ...r, siteId: r.siteId }] : []));
}

export async function findAccountContact(
  db: Database,
  accountId: string,
): Promise<{ email: string; locale: 'fr' | 'en' | null; active: boolean } | undefined> {
  const [row] = await db
    .select({ email: accounts.email, locale: accounts.locale, active: accounts.active })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row;
}

export type TriageRow = {
  id: string;
  reference: string;
  siteId: string;
  siteName: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  preferredLanguage: 'fr' | 'en';
  reasons: string[];
  urgency: 'routine' | 'soon' | 'urgent';
  source: 'clinician' | 'agency' | 'self';
  referredAt: Date;
  possibleDuplicateOfId: string | null;
  waitingThresholdDays: number;
  version: number;
};

/** The outer case of a correlated subquery, spelled out: drizzle leaves single-table columns unqualified. */
const outerCaseId = sql.raw('"cases"."id"');

/** What the stage is derived from, as correlated subqueries on the outer case. */
export const stageFacts = {
  contacted: sql<boolean>`exists (select 1 from ${contacts} where ${contacts.caseId} = ${outerCaseId})`,
  assessed: sql<boolean>`exists (select 1 from ${assessments} where ${assessments.caseId} = ${outerCaseId} and ${assessments.completedAt} is not null)`,
  planned: sql<boolean>`exists (select 1 from ${actionPlans} where ${actionPlans.caseId} = ${outerCaseId} and ${actionPlans.agreedOn} is not null)`,
  connected: sql<boolean>`exists (select 1 from ${connections} where ${connections.caseId} = ${outerCaseId})`,
};

const urgencyRank = sql`case ${cases.urgency} when 'urgent' then 0 when 'soon' then 1 else 2 end`;

/** New, unassigned cases of the sites, in the order the team asked for. */
export function selectTriage(
  db: Database,
  siteIds: string[],
  sort: TriageSort,
): Promise<TriageRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  const order =
    sort === 'newest'
      ? [desc(cases.referredAt)]
      : sort === 'urgent'
        ? [asc(urgencyRank), asc(cases.referredAt)]
        : [asc(cases.referredAt)];
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      siteId: cases.siteId,
      siteName: sites.name,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      preferredLanguage: people.preferredLanguage,
      reasons: cases.reasons,
      urgency: cases.urgency,
      source: cases.source,
      referredAt: cases.referredAt,
      possibleDuplicateOfId: cases.possibleDuplicateOfId,
      waitingThresholdDays: sites.waitingThresholdDays,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(and(inArray(cases.siteId, siteIds), eq(cases.status, 'new'), isNull(cases.assignedTo)))
    .orderBy(...order, asc(cases.id))
    .limit(500);
}

export type CaseloadRow = {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  status: CaseRow['status'];
  urgency: CaseRow['urgency'];
  assigneeName: string | null;
  referredAt: Date;
  firstContactAt: Date | null;
  acceptedAt: Date | null;
  /** Whether any outcome questionnaire was taken at the baseline. */
  measuredAtBaseline: boolean;
  waitingThresholdDays: number;
  contacted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
  nextFollowUpOn: string | null;
  nextFollowUpKind: FollowUpKind | null;
};

/**
 * Open cases of the sites, with what the caseload derives its stage and next action from,
 * in one query: each fact is a correlated subquery on an indexed case id.
 */
export function selectCaseload(
  db: Database,
  siteIds: string[],
  assignedTo: string | null,
): Promise<CaseloadRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  const assignee = alias(accounts, 'assignee');
  const openFollowUp = sql`from ${followUps} where ${followUps.caseId} = ${outerCaseId} and ${followUps.doneAt} is null`;
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      givenName: people.givenName,
      familyName: people.familyName,
      status: cases.status,
      urgency: cases.urgency,
      assigneeName: assignee.displayName,
      referredAt: cases.referredAt,
      firstContactAt: cases.firstContactAt,
      acceptedAt: cases.acceptedAt,
      measuredAtBaseline: sql<boolean>`exists (select 1 from ${measurements}
        where ${measurements.caseId} = ${outerCaseId} and ${measurements.timepoint} = 'baseline')`,
      waitingThresholdDays: sites.waitingThresholdDays,
      ...stageFacts,
      nextFollowUpOn: sql<string | null>`(select min(${followUps.dueOn})::text ${openFollowUp})`,
      nextFollowUpKind: sql<FollowUpKind | null>`(select ${followUps.kind} ${openFollowUp} order by ${followUps.dueOn} limit 1)`,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(assignee, eq(assignee.id, cases.assignedTo))
    .where(
      and(
        inArray(cases.siteId, siteIds),
        inArray(cases.status, ['assigned', 'active']),
        assignedTo ? eq(cases.assignedTo, assignedTo) : undefined,
      ),
    )
    .limit(1000);
}

export type CaseFacts = {
  contacted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
};

export async function selectCaseFacts(db: Database, caseId: string): Promise<CaseFacts> {
  const [row] = await db.select(stageFacts).from(cases).where(eq(cases.id, caseId));
  return row ?? { contacted: false, assessed: false, planned: false, connected: false };
}

export async function findPerson(db: Database, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

export async function findDisplayName(db: Database, accountId: string): Promise<string | null> {
  const [row] = await db
    .select({ displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.displayName ?? null;
}

/** The consent given for this case, else the person's latest one. */
export async function findConsentFor(
  db: Database,
  caseId: string,
  personId: string,
): Promise<ConsentRow | undefined> {
  const [row] = await db
    .select()
    .from(consents)
    .where(eq(consents.personId, personId))
    .orderBy(sql`(${consents.caseId} = ${caseId}) desc nulls last`, desc(consents.givenAt))
    .limit(1);
  return row;
}

export type CaseEventView = {
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  note: string | null;
  actorName: string | null;
  at: Date;
};

export function selectCaseEvents(db: Database, caseId: string): Promise<CaseEventView[]> {
  return db
    .select({
      fromStatus: caseEvents.fromStatus,
      toStatus: caseEvents.toStatus,
      reason: caseEvents.reason,
      note: caseEvents.note,
      actorName: accounts.displayName,
      at: caseEvents.at,
    })
    .from(caseEvents)
    .leftJoin(accounts, eq(accounts.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
}

export type ContactView = typeof contacts.$inferSelect & { recordedByName: string | null };

/** Contacts, oldest first. */
export async function selectContacts(db: Database, caseId: string): Promise<ContactView[]> {
  const rows = await db
    .select({ contact: contacts, recordedByName: accounts.displayName })
    .from(contacts)
    .leftJoin(accounts, eq(accounts.id, contacts.recordedBy))
    .where(eq(contacts.caseId, caseId))
    .orderBy(asc(contacts.occurredAt), asc(contacts.createdAt));
  return rows.map((r) => ({ ...r.contact, recordedByName: r.recordedByName }));
}

export async function selectContactOutcomes(
  db: Database,
  caseId: string,
): Promise<ContactOutcome[]> {
  const rows = await db
    .select({ outcome: contacts.outcome })
    .from(contacts)
    .where(eq(contacts.caseId, caseId))
    .orderBy(asc(contacts.occurredAt), asc(contacts.createdAt));
  return rows.map((r) => r.outcome);
}

export async function insertContact(db: Database, values: ContactInsert): Promise<string> {
  const [row] = await db.insert(contacts).values(values).returning({ id: contacts.id });
  if (!row) throw new Error('insert into contacts returned no row');
  return row.id;
}

export type ConcernView = ConcernRow & {
  raisedByName: string | null;
  acknowledgedByName: string | null;
};

export async function selectConcerns(db: Database, caseId: string): Promise<ConcernView[]> {
  const raiser = alias(accounts, 'raiser');
  const acknowledger = alias(accounts, 'acknowledger');
  const rows = await db
    .select({
      concern: safeguardingConcerns,
      raisedByName: raiser.displayName,
      acknowledgedByName: acknowledger.displayName,
    })
    .from(safeguardingConcerns)
    .leftJoin(raiser, eq(raiser.id, safeguardingConcerns.raisedBy))
    .leftJoin(acknowledger, eq(acknowledger.id, safeguardingConcerns.acknowledgedBy))
    .where(eq(safeguardingConcerns.caseId, caseId))
    .orderBy(desc(safeguardingConcerns.createdAt));
  return rows.map((r) => ({
    ...r.concern,
    raisedByName: r.raisedByName,
    acknowledgedByName: r.acknowledgedByName,
  }));
}

export async function insertConcern(
  db: Database,
  values: typeof safeguardingConcerns.$inferInsert,
): Promise<ConcernRow> {
  const [row] = await db.insert(safeguardingConcerns).values(values).returning();
  if (!row) throw new Error('insert into safeguarding_concerns returned no row');
  return row;
}

/** Acknowledges a concern of the case once; a second acknowledgement changes nothing. */
export async function acknowledgeConcern(
  db: Database,
  caseId: string,
  concernId: string,
  accountId: string,
): Promise<'acknowledged' | 'already' | 'missing'> {
  const [row] = await db
    .select({ acknowledgedAt: safeguardingConcerns.acknowledgedAt })
    .from(safeguardingConcerns)
    .where(and(eq(safeguardingConcerns.id, concernId), eq(safeguardingConcerns.caseId, caseId)));
  if (!row) return 'missing';
  if (row.acknowledgedAt) return 'already';
  await db
    .update(safeguardingConcerns)
    .set({ acknowledgedBy: accountId, acknowledgedAt: new Date() })
    .where(eq(safeguardingConcerns.id, concernId));
  return 'acknowledged';
}

export type ConnectionSummaryRow = {
  organisationName: string;
  activity: string;
  status: string;
  firstAttendedOn: string | null;
};

export function selectCaseConnections(
  db: Database,
  caseId: string,
): Promise<ConnectionSummaryRow[]> {
  return db
    .select({
      organisationName: connections.organisationName,
      activity: connections.activity,
      status: connections.status,
      firstAttendedOn: connections.firstAttendedOn,
    })
    .from(connections)
    .where(eq(connections.caseId, caseId))
    .orderBy(asc(connections.createdAt));
}
