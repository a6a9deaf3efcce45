import { randomUUID } from 'node:crypto';
import type {
  ActionPlan,
  Assessment,
  CasePermissions,
  CreateFollowUpBody,
  CreatePlanReviewBody,
  FollowUp,
  FollowUpList,
  PlanPrintView,
  PlanReview,
  SaveAssessmentBody,
  SavePlanBody,
  UpdateFollowUpBody,
} from '../../../shared/contracts/plans';
import type { CaseStatus } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { dayIn } from '../../../shared/time-zones';
import { caseSubject, recordAudit } from '../audit';
import {
  type CaseRow,
  canWorkOnCases,
  requireAcceptedCase,
  requireCase,
  requireOpenCase,
} from '../cases';
import { assessmentPermissions, planPermissions } from './plans-policy';
import {
  presentAssessment,
  presentFollowUp,
  presentGoals,
  presentPlan,
  presentReview,
} from './plans-presenter';
import {
  type AssessmentValues,
  type FollowUpRow,
  findActionPlan,
  findAssessment,
  findFollowUp,
  findPrintContext,
  insertActionPlan,
  insertAssessment,
  insertFollowUp,
  insertPlanReview,
  selectFollowUps,
  selectOpenFollowUps,
  selectPlanReviews,
  updateActionPlanAtVersion,
  updateAssessmentAtVersion,
  updateFollowUpAtVersion,
  findCaseTimeZone,
} from './plans-queries';
import { assignPlanIds, followUpsForPlan, isAfterToday } from './plans-rules';

const assessmentPermissionsOf = (row: CaseRow): CasePermissions =>
  assessmentPermissions(row.status as CaseStatus);

const blankToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text === '' ? null : text;

export async function getAssessment(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<Assessment> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const assessment = await findAssessment(tx, caseId);
    await recordAudit(tx, actor, { action: 'assessment.viewed', ...caseSubject(row) });
    return presentAssessment(caseId, assessment, assessmentPermissionsOf(row));
  });
}

/** Creates the assessment at version 1, or changes it at the version the caller read. */
export async function saveAssessment(
  db: Database,
  actor: Actor,
  caseId: string,
  input: SaveAssessmentBody,
  now: Date = new Date(),
): Promise<Assessment> {
  return db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    const existing = await findAssessment(tx, caseId);
    const values: AssessmentValues = {
      whatMatters: blankToNull(input.whatMatters),
      needs: input.needs,
      strengths: blankToNull(input.strengths),
      interests: blankToNull(input.interests),
      barriers: [...new Set(input.barriers)],
      barrierNotes: blankToNull(input.barrierNotes),
      completedAt: input.completed ? (existing?.completedAt ?? now) : null,
      updatedBy: actor.accountId,
    };
    const version = input.version ?? 0;
    const saved =
      version === 0
        ? await insertAssessment(tx, caseId, values)
        : await updateAssessmentAtVersion(tx, caseId, version, values);
    if (!saved) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'assessment.saved',
      ...caseSubject(row),
      details: { version: saved.version, completed: saved.completedAt !== null },
    });
    return presentAssessment(caseId, saved, assessmentPermissionsOf(row));
  });
}

export async function getPlan(db: Database, actor: Actor, caseId: string): Promise<ActionPlan> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const plan = await findActionPlan(tx, caseId);
    const reviews = await selectPlanReviews(tx, caseId);
    await recordAudit(tx, actor, { action: 'plan.viewed', ...caseSubject(row) });
    return presentPlan(caseId, plan, reviews, planPermissions(row));
  });
}

/**
 * Saves the plan as a whole at the version the caller read, and schedules the follow-ups
 * it asks for (the link worker's dated steps, and a review when one is asked) in the same
 * transaction.
 */
export async function savePlan(
  db: Database,
  actor: Actor,
  caseId: string,
  input: SavePlanBody,
  now: Date = new Date(),
): Promise<ActionPlan> {
  return db.transaction(async (tx) => {
    const row = await requireAcceptedCase(tx, actor, caseId);
    const timeZone = await findCaseTimeZone(tx, caseId);
    if (input.agreedOn && isAfterToday(input.agreedOn, now, timeZone)) {
      throw new AppError('date_in_future', { field: 'agreedOn' });
    }
    const existing = await findActionPlan(tx, caseId);
    const goals = assignPlanIds(input.goals, existing?.goals ?? [], now, randomUUID);
    const values = { goals, agreedOn: input.agreedOn, updatedBy: actor.accountId };
    const version = input.version ?? 0;
    const saved =
      version === 0
        ? await insertActionPlan(tx, caseId, values)
        : await updateActionPlanAtVersion(tx, caseId, version, values);
    if (!saved) throw staleVersion();
    const open = await selectOpenFollowUps(tx, caseId);
    const scheduled = followUpsForPlan(goals, input.reviewOn, open);
    for (const followUp of scheduled) {
      await insertFollowUp(tx, { caseId, ...followUp, createdBy: actor.accountId });
    }
    await recordAudit(tx, actor, {
      action: 'plan.saved',
      ...caseSubject(row),
      details: {
        version: saved.version,
        goals: goals.length,
        steps: goals.reduce((sum, goal) => sum + goal.steps.length, 0),
        followUpsScheduled: scheduled.length,
      },
    });
    const reviews = await selectPlanReviews(tx, caseId);
    return presentPlan(caseId, saved, reviews, planPermissions(row));
  });
}

export async function addPlanReview(
  db: Database,
  actor: Actor,
  caseId: string,
  input: CreatePlanReviewBody,
  now: Date = new Date(),
): Promise<PlanReview> {
  return db.transaction(async (tx) => {
    const row = await requireAcceptedCase(tx, actor, caseId);
    if (isAfterToday(input.reviewedOn, now, await findCaseTimeZone(tx, caseId))) {
      throw new AppError('date_in_future', { field: 'reviewedOn' });
    }
    const id = await insertPlanReview(tx, {
      caseId,
      reviewedOn: input.reviewedOn,
      notes: input.notes,
      recordedBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'plan.reviewed',
      ...caseSubject(row),
      details: { reviewId: id },
    });
    const review = (await selectPlanReviews(tx, caseId)).find((r) => r.id === id);
    if (!review) throw new Error('the review just recorded cannot be read back');
    return presentReview(review);
  });
}

export async function listFollowUps(
  db: Database,
  actor: Actor,
  caseId: string,
  now: Date = new Date(),
): Promise<FollowUpList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const items = await selectFollowUps(tx, caseId);
    await recordAudit(tx, actor, { action: 'follow_ups.viewed', ...caseSubject(row) });
    return {
      items: items.map(presentFollowUp),
      today: dayIn(now, await findCaseTimeZone(tx, caseId)),
      permissions: planPermissions(row),
    };
  });
}

export async function createFollowUp(
  db: Database,
  actor: Actor,
  caseId: string,
  input: CreateFollowUpBody,
): Promise<FollowUp> {
  return db.transaction(async (tx) => {
    const row = await requireAcceptedCase(tx, actor, caseId);
    const followUp = await insertFollowUp(tx, {
      caseId,
      kind: input.kind,
      dueOn: input.dueOn,
      note: blankToNull(input.note),
      createdBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'follow_up.created',
      ...caseSubject(row),
      details: { followUpId: followUp.id, kind: followUp.kind },
    });
    return presentFollowUp(followUp);
  });
}

/** Marks a follow-up done or moves it; a moved follow-up will be reminded again on its new day. */
export async function updateFollowUp(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateFollowUpBody,
  now: Date = new Date(),
): Promise<FollowUp> {
  const refused = { subjectType: 'follow_up', subjectId: id } as const;
  if (!canWorkOnCases(actor)) throw forbidden(refused);
  return db.transaction(async (tx) => {
    const existing = await findFollowUp(tx, id);
    if (!existing) throw notFound(refused);
    const row = await requireAcceptedCase(tx, actor, existing.caseId);
    const patch: Parameters<typeof updateFollowUpAtVersion>[3] = {};
    if (input.done) patch.doneAt = existing.doneAt ?? now;
    if (input.dueOn !== undefined && input.dueOn !== existing.dueOn) {
      patch.dueOn = input.dueOn;
      patch.remindedAt = null;
    }
    const saved: FollowUpRow | undefined = await updateFollowUpAtVersion(
      tx,
      id,
      input.version,
      patch,
    );
    if (!saved) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'follow_up.updated',
      ...caseSubject(row),
      details: { followUpId: id, fields: Object.keys(patch) },
    });
    return presentFollowUp(saved);
  });
}

/** The one-page printout, for the person, in their language; printing is audited. */
export async function getPlanPrintView(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<PlanPrintView> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const context = await findPrintContext(tx, caseId);
    if (!context) throw notFound();
    const plan = await findActionPlan(tx, caseId);
    await recordAudit(tx, actor, { action: 'plan.printed', ...caseSubject(row) });
    return {
      caseReference: row.reference,
      language: context.preferredLanguage,
      givenName: context.givenName,
      goals: presentGoals(plan?.goals ?? []),
      agreedOn: plan?.agreedOn ?? null,
      linkWorkerName: context.linkWorkerName,
      siteName: context.siteName,
      organisationName: context.organisationName,
    };
  });
}
