import type { PlanGoalInput } from '../../../shared/contracts/plans';
import type { FollowUpKind } from '../../../shared/pathway';
import { dayIn } from '../../../shared/time-zones';
import type { PlanGoal } from '../../db/schema';

/** Whether a calendar day (YYYY-MM-DD) comes after today where the case's site is. */
export function isAfterToday(day: string, now: Date, timeZone: string): boolean {
  return day > dayIn(now, timeZone);
}

/**
 * The plan's goals as stored. Ids are the server's: an id the client sends is kept only
 * when it names a goal (or a step of that goal) already in the plan, so a client can never
 * forge or duplicate one. A step keeps the day it was first done; undoing it clears it.
 */
export function assignPlanIds(
  input: readonly PlanGoalInput[],
  existing: readonly PlanGoal[],
  now: Date,
  newId: () => string,
): PlanGoal[] {
  const goalsById = new Map(existing.map((goal) => [goal.id, goal]));
  const usedIds = new Set<string>();
  const keepOrNew = (id: string | undefined, known: boolean): string => {
    const kept = id !== undefined && known && !usedIds.has(id) ? id : newId();
    usedIds.add(kept);
    return kept;
  };
  return input.map((goalInput) => {
    const previous = goalInput.id ? goalsById.get(goalInput.id) : undefined;
    const stepsById = new Map((previous?.steps ?? []).map((step) => [step.id, step]));
    return {
      id: keepOrNew(goalInput.id, previous !== undefined),
      text: goalInput.text,
      steps: goalInput.steps.map((stepInput) => {
        const previousStep = stepInput.id ? stepsById.get(stepInput.id) : undefined;
        return {
          id: keepOrNew(stepInput.id, previousStep !== undefined),
          text: stepInput.text,
          owner: stepInput.owner,
          dueOn: stepInput.dueOn,
          doneAt: stepInput.done ? (previousStep?.doneAt ?? now.toISOString()) : null,
        };
      }),
    };
  });
}

export type PlannedFollowUp = { kind: FollowUpKind; dueOn: string; note: string | null };

/**
 * Follow-ups a saved plan asks for: a call on the due day of each unfinished step the link
 * worker owns, and a review on the day asked for, unless one of that kind is already open
 * on that day (saving the same plan twice schedules nothing more).
 */
export function followUpsForPlan(
  goals: readonly PlanGoal[],
  reviewOn: string | null | undefined,
  open: readonly { kind: FollowUpKind; dueOn: string }[],
): PlannedFollowUp[] {
  const taken = new Set(open.map((f) => `${f.kind}:${f.dueOn}`));
  const planned: PlannedFollowUp[] = [];
  const add = (candidate: PlannedFollowUp): void => {
    const key = `${candidate.kind}:${candidate.dueOn}`;
    if (taken.has(key)) return;
    taken.add(key);
    planned.push(candidate);
  };
  for (const goal of goals) {
    for (const step of goal.steps) {
      if (step.owner === 'link_worker' && step.dueOn && !step.doneAt) {
        add({ kind: 'call', dueOn: step.dueOn, note: step.text.slice(0, 1000) });
      }
    }
  }
  if (reviewOn) add({ kind: 'review', dueOn: reviewOn, note: null });
  return planned;
}

/**
 * A follow-up is reminded once, on or after its due day, while it is still to do: its day
 * comes at midnight where the case's site is.
 */
export function needsReminder(
  followUp: { dueOn: string; doneAt: Date | null; remindedAt: Date | null; timeZone: string },
  now: Date,
): boolean {
  return (
    followUp.doneAt === null &&
    followUp.remindedAt === null &&
    followUp.dueOn <= dayIn(now, followUp.timeZone)
  );
}

/** Narrows a stored string to one of a fixed list's codes. */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
