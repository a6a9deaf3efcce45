import type {
  ActionPlan,
  Assessment,
  CasePermissions,
  FollowUp,
  PlanGoal as PlanGoalContract,
  PlanReview,
} from '../../../shared/contracts/plans';
import { barriers, stepOwners } from '../../../shared/pathway';
import type { PlanGoal } from '../../db/schema';
import { isOneOf } from './plans-rules';
import type { ActionPlanRow, AssessmentRow, FollowUpRow, PlanReviewRow } from './plans-queries';

export function presentAssessment(
  caseId: string,
  row: AssessmentRow | undefined,
  permissions: CasePermissions,
): Assessment {
  return {
    caseId,
    whatMatters: row?.whatMatters ?? null,
    needs: row?.needs ?? {},
    strengths: row?.strengths ?? null,
    interests: row?.interests ?? null,
    barriers: (row?.barriers ?? []).filter((b) => isOneOf(barriers, b)),
    barrierNotes: row?.barrierNotes ?? null,
    completedAt: row?.completedAt?.toISOString() ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    permissions,
  };
}

export function presentGoals(goals: readonly PlanGoal[]): PlanGoalContract[] {
  return goals.map((goal) => ({
    id: goal.id,
    text: goal.text,
    steps: goal.steps.map((step) => ({
      id: step.id,
      text: step.text,
      owner: isOneOf(stepOwners, step.owner) ? step.owner : 'other',
      dueOn: step.dueOn,
      done: step.doneAt !== null,
      doneAt: step.doneAt,
    })),
  }));
}

export function presentReview(row: PlanReviewRow): PlanReview {
  return {
    id: row.id,
    reviewedOn: row.reviewedOn,
    notes: row.notes,
    recordedByName: row.recordedByName,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentPlan(
  caseId: string,
  row: ActionPlanRow | undefined,
  reviews: readonly PlanReviewRow[],
  permissions: CasePermissions,
): ActionPlan {
  return {
    caseId,
    goals: presentGoals(row?.goals ?? []),
    agreedOn: row?.agreedOn ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    reviews: reviews.map(presentReview),
    permissions,
  };
}

export function presentFollowUp(row: FollowUpRow): FollowUp {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    dueOn: row.dueOn,
    note: row.note,
    doneAt: row.doneAt?.toISOString() ?? null,
    remindedAt: row.remindedAt?.toISOString() ?? null,
    version: row.version,
  };
}
