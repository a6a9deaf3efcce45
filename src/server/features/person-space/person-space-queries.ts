import { and, desc, eq, gt, isNotNull, isNull, notInArray } from 'drizzle-orm';
import { type CaseStatus, closedCaseStatuses } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import {
  accounts,
  actionPlans,
  cases,
  organisations,
  people,
  personNotes,
  personSessions,
  sites,
} from '../../db/schema';

/** The few details of a case's person an invitation needs. */
export type InvitationContext = {
  personId: string;
  givenName: string;
  email: string | null;
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
