import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import {
  type CaseStatus,
  type ConnectionStatus,
  type ContactPreference,
  closedCaseStatuses,
} from '../../../shared/pathway';
import type { Role } from '../../../shared/roles';
import type { Database } from '../../db/client';
import {
  accounts,
  actionPlans,
  auditEvents,
  cases,
  connectionEvents,
  connections,
  organisations,
  people,
  personNotes,
  personRequests,
  personSessions,
  roleGrants,
  sites,
} from '../../db/schema';

/** The few details of a case's person an invitation needs. */
export type InvitationContext = {
  personId: string;
  givenName: string;
  email: string | null;
  phone: string | null;
  contactPreference: ContactPreference;
  locale: 'fr' | 'en';
  merged: boolean;
  siteName: string;
};

export async function findInvitationContext(
  db: Database,
  caseId: string,
): Promise<InvitationContext | undefined> {
  const [row] = await db
    .select({
      personId: people.id,
      givenName: people.givenName,
      email: people.email,
      phone: people.phone,
      contactPreference: people.contactPreference,
      locale: people.preferredLanguage,
      mergedIntoId: people.mergedIntoId,
      siteName: sites.name,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(cases.id, caseId));
  if (!row) return undefined;
  const { mergedIntoId, ...rest } = row;
  return { ...rest, merged: mergedIntoId !== null };
}

export async function insertPersonSession(
  db: Database,
  values: typeof personSessions.$inferInsert,
): Promise<void> {
  await db.insert(personSessions).values(values);
}

export type LivePersonSession = {
  personId: string;
  caseId: string;
  csrfToken: string;
  lastSeenAt: Date;
  locale: 'fr' | 'en';
};

/** A session unexpired, not idle since `idleSince`, of a person record not merged away. */
export async function findLivePersonSession(
  db: Database,
  tokenHash: string,
  idleSince: Date,
): Promise<LivePersonSession | undefined> {
  const [row] = await db
    .select({
      personId: personSessions.personId,
      caseId: personSessions.caseId,
      csrfToken: personSessions.csrfToken,
      lastSeenAt: personSessions.lastSeenAt,
      locale: people.preferredLanguage,
    })
    .from(personSessions)
    .innerJoin(people, eq(people.id, personSessions.personId))
    .where(
      and(
        eq(personSessions.tokenHash, tokenHash),
        gt(personSessions.expiresAt, new Date()),
        gt(personSessions.lastSeenAt, idleSince),
        isNull(people.mergedIntoId),
      ),
    );
  return row;
}

export async function touchPersonSession(db: Database, tokenHash: string): Promise<void> {
  await db
    .update(personSessions)
    .set({ lastSeenAt: new Date() })
    .where(eq(personSessions.tokenHash, tokenHash));
}

export async function deletePersonSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(personSessions).where(eq(personSessions.tokenHash, tokenHash));
}

export async function findGivenName(db: Database, personId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ givenName: people.givenName })
    .from(people)
    .where(eq(people.id, personId));
  return row?.givenName;
}

/** The person's cases under way: their yes recorded, not closed; the newest first. */
export async function selectCasesUnderWay(
  db: Database,
  personId: string,
): Promise<{ id: string; siteName: string }[]> {
  return db
    .select({ id: cases.id, siteName: sites.name })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(
      and(
        eq(cases.personId, personId),
        isNotNull(cases.acceptedAt),
        notInArray(cases.status, [...closedCaseStatuses]),
      ),
    )
    .orderBy(desc(cases.referredAt));
}

export type PersonPlanRow = {
  caseId: string;
  personId: string;
  siteId: string;
  status: CaseStatus;
  acceptedAt: Date | null;
  siteName: string;
  organisationName: string;
  linkWorkerName: string | null;
  linkWorkerEmail: string | null;
  linkWorkerActive: boolean | null;
  goals: (typeof actionPlans.$inferSelect)['goals'] | null;
  agreedOn: string | null;
};

/** A case with what its person may read of it: the plan, the site, the link worker's contact. */
export async function findPersonPlan(
  db: Database,
  caseId: string,
): Promise<PersonPlanRow | undefined> {
  const [row] = await db
    .select({
      caseId: cases.id,
      personId: cases.personId,
      siteId: cases.siteId,
      status: cases.status,
      acceptedAt: cases.acceptedAt,
      siteName: sites.name,
      organisationName: organisations.name,
      linkWorkerName: accounts.displayName,
      linkWorkerEmail: accounts.email,
      linkWorkerActive: accounts.active,
      goals: actionPlans.goals,
      agreedOn: actionPlans.agreedOn,
    })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .leftJoin(accounts, eq(accounts.id, cases.assignedTo))
    .leftJoin(actionPlans, eq(actionPlans.caseId, cases.id))
    .where(eq(cases.id, caseId));
  return row;
}

export type PersonNoteRow = typeof personNotes.$inferSelect;

export async function insertPersonNote(
  db: Database,
  values: typeof personNotes.$inferInsert,
): Promise<PersonNoteRow> {
  const [row] = await db.insert(personNotes).values(values).returning();
  if (!row) throw new Error('insert into person_notes returned no row');
  return row;
}

/** The notes the person wrote on a case, the newest first. */
export async function selectPersonNotes(db: Database, caseId: string): Promise<PersonNoteRow[]> {
  return db
    .select()
    .from(personNotes)
    .where(eq(personNotes.caseId, caseId))
    .orderBy(desc(personNotes.createdAt), desc(personNotes.id));
}

export type PersonActivityRow = {
  id: string;
  serviceId: string | null;
  activity: string;
  organisationName: string;
  partnerEmail: string | null;
  status: ConnectionStatus;
  startsOn: string | null;
  partnerMessage: string | null;
};

/** The case's connections, as the person may know them: what, with whom, where it stands. */
export async function selectPersonActivities(
  db: Database,
  caseId: string,
): Promise<PersonActivityRow[]> {
  return db
    .select({
      id: connections.id,
      serviceId: connections.serviceId,
      activity: connections.activity,
      organisationName: connections.organisationName,
      partnerEmail: connections.partnerEmail,
      status: connections.status,
      startsOn: connections.startsOn,
      partnerMessage: connections.partnerMessage,
    })
    .from(connections)
    .where(eq(connections.caseId, caseId))
    .orderBy(desc(connections.createdAt), desc(connections.id));
}

export type PersonSaidRow = {
  connectionId: string;
  said: 'went' | 'stopped' | 'something_else';
  reason: string | null;
  at: Date;
};

/** What the person said of the connections before, from their space, the newest first. */
export async function selectPersonSaid(
  db: Database,
  connectionIds: string[],
): Promise<PersonSaidRow[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .select({
      connectionId: connectionEvents.connectionId,
      said: connectionEvents.personSaid,
      reason: connectionEvents.reason,
      at: connectionEvents.at,
    })
    .from(connectionEvents)
    .where(
      and(
        inArray(connectionEvents.connectionId, connectionIds),
        eq(connectionEvents.via, 'person'),
        isNotNull(connectionEvents.personSaid),
      ),
    )
    .orderBy(desc(connectionEvents.at), desc(connectionEvents.id));
  return rows.flatMap((row) => (row.said ? [{ ...row, said: row.said }] : []));
}

export type RecordAccessRow = {
  actorId: string;
  firstAt: Date;
  firstId: string;
  caseSiteId: string | null;
  changed: boolean;
};

/**
 * The days staff acted on the person's cases, one row per account and day (UTC), the newest
 * first, after the cursor's (firstAt, firstId). Refusals did not open anything; the person's
 * own events carry no account.
 */
export async function selectRecordAccesses(
  db: Database,
  personId: string,
  readingActions: readonly string[],
  page: { before?: { firstAt: Date; firstId: string }; limit: number },
): Promise<RecordAccessRow[]> {
  const { before } = page;
  const readList = sql.join(
    readingActions.map((action) => sql`${action}`),
    sql`, `,
  );
  const result = await db.execute<{
    actor_id: string;
    first_at: Date | string;
    first_id: string;
    case_site_id: string | null;
    changed: boolean;
  }>(sql`
    select * from (
      select e.actor_id, min(e.at) as first_at, min(e.id)::text as first_id,
             (array_agg(e.site_id order by e.id))[1] as case_site_id,
             bool_or(e.action not in (${readList})) as changed
      from ${auditEvents} e
      where e.subject_type = 'case'
        and e.subject_id in (select c.id::text from ${cases} c where c.person_id = ${personId})
        and e.actor_id is not null
        and e.outcome = 'success'
      group by e.actor_id, date_trunc('day', e.at at time zone 'UTC')
    ) days
    ${before ? sql`where (first_at, first_id::bigint) < (${before.firstAt.toISOString()}::timestamptz, ${before.firstId}::bigint)` : sql``}
    order by first_at desc, first_id::bigint desc
    limit ${page.limit}`);
  return result.rows.map((row) => ({
    actorId: row.actor_id,
    firstAt: new Date(row.first_at),
    firstId: row.first_id,
    caseSiteId: row.case_site_id,
    changed: row.changed,
  }));
}

export type AccessGrantRow = {
  accountId: string;
  role: Role;
  siteId: string | null;
  siteName: string | null;
  organisationName: string | null;
};

/** The role grants of the accounts, with each grant's site and organisation. */
export async function selectAccessGrants(
  db: Database,
  accountIds: string[],
): Promise<AccessGrantRow[]> {
  if (accountIds.length === 0) return [];
  return db
    .select({
      accountId: roleGrants.accountId,
      role: roleGrants.role,
      siteId: roleGrants.siteId,
      siteName: sites.name,
      organisationName: organisations.name,
    })
    .from(roleGrants)
    .leftJoin(sites, eq(sites.id, roleGrants.siteId))
    .leftJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(inArray(roleGrants.accountId, accountIds))
    .orderBy(asc(roleGrants.createdAt));
}

export type PersonRequestRow = typeof personRequests.$inferSelect & {
  handledByName: string | null;
};

export async function insertPersonRequest(
  db: Database,
  values: typeof personRequests.$inferInsert,
): Promise<PersonRequestRow> {
  const [row] = await db.insert(personRequests).values(values).returning();
  if (!row) throw new Error('insert into person_requests returned no row');
  return { ...row, handledByName: null };
}

/** A case's requests for correction or erasure, the newest first. */
export async function selectPersonRequests(
  db: Database,
  caseId: string,
): Promise<PersonRequestRow[]> {
  const rows = await db
    .select({ request: personRequests, handledByName: accounts.displayName })
    .from(personRequests)
    .leftJoin(accounts, eq(accounts.id, personRequests.handledBy))
    .where(eq(personRequests.caseId, caseId))
    .orderBy(desc(personRequests.createdAt), desc(personRequests.id));
  return rows.map((row) => ({ ...row.request, handledByName: row.handledByName }));
}

/** Records how an open request was handled, at the version read; undefined when stale or handled. */
export async function updatePersonRequestHandling(
  db: Database,
  values: {
    id: string;
    caseId: string;
    version: number;
    status: 'done' | 'refused';
    response: string | null;
    handledBy: string;
  },
): Promise<boolean> {
  const rows = await db
    .update(personRequests)
    .set({
      status: values.status,
      response: values.response,
      handledBy: values.handledBy,
      handledAt: new Date(),
      version: sql`${personRequests.version} + 1`,
    })
    .where(
      and(
        eq(personRequests.id, values.id),
        eq(personRequests.caseId, values.caseId),
        eq(personRequests.version, values.version),
        eq(personRequests.status, 'open'),
      ),
    )
    .returning({ id: personRequests.id });
  return rows.length > 0;
}

export async function findPersonRequest(
  db: Database,
  caseId: string,
  id: string,
): Promise<typeof personRequests.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(personRequests)
    .where(and(eq(personRequests.id, id), eq(personRequests.caseId, caseId)));
  return row;
}

/** The case's reference, for notices that name it and nothing more. */
export async function findCaseReference(db: Database, caseId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ reference: cases.reference })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row?.reference;
}
