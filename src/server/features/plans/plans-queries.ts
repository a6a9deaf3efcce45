import { and, asc, desc, eq, isNull, lte, notInArray, sql } from 'drizzle-orm';
import { closedCaseStatuses } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import {
  accounts,
  actionPlans,
  assessments,
  cases,
  followUps,
  organisations,
  people,
  planReviews,
  sites,
} from '../../db/schema';

export type AssessmentRow = typeof assessments.$inferSelect;
export type AssessmentValues = Omit<
  typeof assessments.$inferInsert,
  'caseId' | 'version' | 'createdAt' | 'updatedAt'
>;
export type ActionPlanRow = typeof actionPlans.$inferSelect;
export type ActionPlanValues = Pick<
  typeof actionPlans.$inferInsert,
  'goals' | 'agreedOn' | 'updatedBy'
>;
export type PlanReviewRow = typeof planReviews.$inferSelect & { recordedByName: string | null };
export type FollowUpRow = typeof followUps.$inferSelect;
type FollowUpInsert = typeof followUps.$inferInsert;

export async function findAssessment(
  db: Database,
  caseId: string,
): Promise<AssessmentRow | undefined> {
  const [row] = await db.select().from(assessments).where(eq(assessments.caseId, caseId));
  return row;
}

/** The first save; nothing when someone else saved first (the caller reports a stale version). */
export async function insertAssessment(
  db: Database,
  caseId: string,
  values: AssessmentValues,
): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .insert(assessments)
    .values({ ...values, caseId })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function updateAssessmentAtVersion(
  db: Database,
  caseId: string,
  version: number,
  values: AssessmentValues,
): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .update(assessments)
    .set({ ...values, version: sql`${assessments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(assessments.caseId, caseId), eq(assessments.version, version)))
    .returning();
  return row;
}

export async function findActionPlan(
  db: Database,
  caseId: string,
): Promise<ActionPlanRow | undefined> {
  const [row] = await db.select().from(actionPlans).where(eq(actionPlans.caseId, caseId));
  return row;
}

export async function insertActionPlan(
  db: Database,
  caseId: string,
  values: ActionPlanValues,
): Promise<ActionPlanRow | undefined> {
  const [row] = await db
    .insert(actionPlans)
    .values({ ...values, caseId })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function updateActionPlanAtVersion(
  db: Database,
  caseId: string,
  version: number,
  values: ActionPlanValues,
): Promise<ActionPlanRow | undefined> {
  const [row] = await db
    .update(actionPlans)
    .set({ ...values, version: sql`${actionPlans.version} + 1`, updatedAt: new Date() })
    .where(and(eq(actionPlans.caseId, caseId), eq(actionPlans.version, version)))
    .returning();
  return row;
}

export async function selectPlanReviews(db: Database, caseId: string): Promise<PlanReviewRow[]> {
  const rows = await db
    .select({ review: planReviews, recordedByName: accounts.displayName })
    .from(planReviews)
    .leftJoin(accounts, eq(accounts.id, planReviews.recordedBy))
    .where(eq(planReviews.caseId, caseId))
    .orderBy(desc(planReviews.reviewedOn), desc(planReviews.createdAt));
  return rows.map(({ review, recordedByName }) => ({ ...review, recordedByName }));
}

export async function insertPlanReview(
  db: Database,
  values: typeof planReviews.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(planReviews).values(values).returning({ id: planReviews.id });
  if (!row) throw new Error('insert into plan_reviews returned no row');
  return row.id;
}

export function selectFollowUps(db: Database, caseId: string): Promise<FollowUpRow[]> {
  return db
    .select()
    .from(followUps)
    .where(eq(followUps.caseId, caseId))
    .orderBy(asc(followUps.dueOn), asc(followUps.createdAt));
}

export function selectOpenFollowUps(db: Database, caseId: string): Promise<FollowUpRow[]> {
  return db
    .select()
    .from(followUps)
    .where(and(eq(followUps.caseId, caseId), isNull(followUps.doneAt)));
}

export async function findFollowUp(db: Database, id: string): Promise<FollowUpRow | undefined> {
  const [row] = await db.select().from(followUps).where(eq(followUps.id, id));
  return row;
}

export async function insertFollowUp(db: Database, values: FollowUpInsert): Promise<FollowUpRow> {
  const [row] = await db.insert(followUps).values(values).returning();
  if (!row) throw new Error('insert into follow_ups returned no row');
  return row;
}

export async function updateFollowUpAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Partial<Pick<FollowUpInsert, 'dueOn' | 'doneAt' | 'remindedAt'>>,
): Promise<FollowUpRow | undefined> {
  const [row] = await db
    .update(followUps)
    .set({ ...patch, version: sql`${followUps.version} + 1`, updatedAt: new Date() })
    .where(and(eq(followUps.id, id), eq(followUps.version, version)))
    .returning();
  return row;
}

export type PrintContext = {
  givenName: string;
  preferredLanguage: 'fr' | 'en';
  linkWorkerName: string | null;
  siteName: string;
  organisationName: string;
};

/** The person, their link worker and the site, for the printout. */
export async function findPrintContext(
  db: Database,
  caseId: string,
): Promise<PrintContext | undefined> {
  const [row] = await db
    .select({
      givenName: people.givenName,
      preferredLanguage: people.preferredLanguage,
      linkWorkerName: accounts.displayName,
      siteName: sites.name,
      organisationName: organisations.name,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .leftJoin(accounts, eq(accounts.id, cases.assignedTo))
    .where(eq(cases.id, caseId));
  return row;
}

export type DueReminder = {
  followUpId: string;
  kind: FollowUpRow['kind'];
  dueOn: string;
  doneAt: Date | null;
  remindedAt: Date | null;
  caseId: string;
  caseReference: string;
  siteId: string;
  recipient: string;
  locale: 'fr' | 'en';
  timeZone: string;
};

/**
 * Follow-ups of open cases due by their site's today at `now`, still to do and never reminded (needsReminder), with the case's
 * assigned link worker. Rows are locked (others skipped) so two runs never remind twice.
 */
export async function lockDueReminders(
  db: Database,
  now: Date,
  limit: number,
): Promise<DueReminder[]> {
  return db
    .select({
      followUpId: followUps.id,
      kind: followUps.kind,
      dueOn: followUps.dueOn,
      doneAt: followUps.doneAt,
      remindedAt: followUps.remindedAt,
      caseId: cases.id,
      caseReference: cases.reference,
      siteId: cases.siteId,
      recipient: accounts.email,
      locale: sql<'fr' | 'en'>`coalesce(${accounts.locale}, ${sites.defaultLocale})`,
      timeZone: sites.timeZone,
    })
    .from(followUps)
    .innerJoin(cases, eq(cases.id, followUps.caseId))
    .innerJoin(accounts, eq(accounts.id, cases.assignedTo))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(
      and(
        isNull(followUps.doneAt),
        isNull(followUps.remindedAt),
        // Due once its day has come where the case's site is.
        lte(
          followUps.dueOn,
          sql`(${now.toISOString()}::timestamptz at time zone ${sites.timeZone})::date`,
        ),
        eq(accounts.active, true),
        notInArray(cases.status, [...closedCaseStatuses]),
      ),
    )
    .orderBy(asc(followUps.dueOn))
    .limit(limit)
    .for('update', { of: followUps, skipLocked: true });
}

/** Marks a follow-up reminded; false when it already was (the reminder is then not sent). */
export async function markReminded(db: Database, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(followUps)
    .set({ remindedAt: at })
    .where(and(eq(followUps.id, id), isNull(followUps.remindedAt)))
    .returning({ id: followUps.id });
  return rows.length > 0;
}

/** The IANA zone of the case's site, whose day is the case's "today". */
export async function findCaseTimeZone(db: Database, caseId: string): Promise<string> {
  const [row] = await db
    .select({ timeZone: sites.timeZone })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(cases.id, caseId));
  if (!row) throw new Error(`case ${caseId} has no site`);
  return row.timeZone;
}
