import type { Database } from '../../db/client';
import { staleVersion } from '../../platform/errors';
import { findActionPlan, updateActionPlanAtVersion } from './plans-queries';

/**
 * Marks one step of a case's plan done, as the person did in their own space
 * (features/person-space decides who may; this writes the plan, which is ours): the step's
 * done time set, kept if it was done already, and the plan's version moved on, so a link
 * worker's edit read before is stale rather than undoing it. False when the plan has no such
 * step. Inside the caller's transaction, which audits it.
 */
export async function markStepDoneByPerson(
  tx: Database,
  caseId: string,
  stepId: string,
  at: Date = new Date(),
): Promise<boolean> {
  const plan = await findActionPlan(tx, caseId);
  if (!plan) return false;
  let found = false;
  const goals = plan.goals.map((goal) => ({
    ...goal,
    steps: goal.steps.map((step) => {
      if (step.id !== stepId) return step;
      found = true;
      return step.doneAt ? step : { ...step, doneAt: at.toISOString() };
    }),
  }));
  if (!found) return false;
  const saved = await updateActionPlanAtVersion(tx, caseId, plan.version, {
    goals,
    agreedOn: plan.agreedOn,
    updatedBy: plan.updatedBy,
  });
  if (!saved) throw staleVersion();
  return true;
}
