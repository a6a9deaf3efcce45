import type { CaseAcceptance, NextActionKind } from '../../../shared/contracts/cases';
import {
  type CaseStage,
  type CaseStatus,
  type ContactOutcome,
  closedCaseStatuses,
  type FollowUpKind,
  failedContactOutcomes,
} from '../../../shared/pathway';
import { dayIn, startOfDayIn } from '../../../shared/time-zones';
import { type Transition, assertTransition, nextStatuses } from '../../platform/state-machine';

/** A case is moved by the site's link workers; the site manager may do all they do. */
export type CaseMover = 'link_worker';

/**
 * The case's status machine (domain.md, steps 2 to 6). Taking or assigning a new case
 * makes it assigned; reassigning keeps the status. The person accepts (SNOMED
 * 871731000000106) or declines (871711000000103, with a reason); a case nobody could reach
 * closes as unreachable; an open case is discharged with a reason.
 */
export const caseTransitions: readonly Transition<CaseStatus, CaseMover>[] = [
  { from: ['new'], to: 'assigned', by: ['link_worker'] },
  { from: ['new', 'assigned'], to: 'active', by: ['link_worker'] },
  { from: ['new', 'assigned'], to: 'declined', by: ['link_worker'], needsReason: true },
  { from: ['assigned'], to: 'unreachable', by: ['link_worker'] },
  { from: ['assigned', 'active'], to: 'discharged', by: ['link_worker'], needsReason: true },
];

export function assertCaseTransition(
  from: CaseStatus,
  to: CaseStatus,
  reason?: string | null,
): void {
  assertTransition(caseTransitions, { from, to, by: 'link_worker', reason });
}

export function nextCaseStatuses(from: CaseStatus): CaseStatus[] {
  return nextStatuses(caseTransitions, from, 'link_worker');
}

export function isClosed(status: CaseStatus): boolean {
  return closedCaseStatuses.includes(status);
}

/** Failed attempts in a row since the last time the person was reached. */
export function failedAttemptsSinceReached(outcomesOldestFirst: readonly ContactOutcome[]): number {
  let count = 0;
  for (const outcome of outcomesOldestFirst) {
    if (outcome === 'reached') count = 0;
    else if (failedContactOutcomes.includes(outcome)) count += 1;
  }
  return count;
}

/** Where a case stands on the pathway, from what has been recorded on it. */
export function stageOf(facts: {
  status: CaseStatus;
  contacted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
}): CaseStage {
  if (isClosed(facts.status)) return 'closed';
  if (facts.status === 'active') {
    if (facts.connected) return 'connected';
    if (facts.planned) return 'planned';
    if (facts.assessed) return 'assessed';
    return 'accepted';
  }
  return facts.contacted ? 'contacting' : 'waiting';
}

/** A case waits too long when its next action (or, before any, its referral) is past the site's threshold. */
export function isWaitingTooLong(
  since: Date,
  thresholdDays: number,
  now: Date = new Date(),
): boolean {
  return now.getTime() - since.getTime() > thresholdDays * 24 * 60 * 60 * 1000;
}

/** What a case's next action is derived from. */
export type NextActionFacts = {
  referredAt: Date;
  firstContactAt: Date | null;
  acceptedAt: Date | null;
  /** Whether any outcome questionnaire was taken at the baseline. */
  measuredAtBaseline: boolean;
  nextFollowUpOn: string | null;
  nextFollowUpKind: FollowUpKind | null;
  waitingThresholdDays: number;
  /** The case's site's time zone: a referral at 22:00 in Toronto is due that day, not the next. */
  timeZone: string;
};

export type NextAction = {
  nextAction: NextActionKind | null;
  nextActionOn: string | null;
  waitingTooLong: boolean;
};

/**
 * The next action of an open case, when it is due, and whether it waits too long: the one
 * rule the caseload, its filters and the case screen's header share. A closed case has none.
 */
export function nextActionOf(
  facts: NextActionFacts,
  status: CaseStatus,
  now: Date = new Date(),
): NextAction {
  const due = (kind: NextActionKind, since: Date, on: string): NextAction => ({
    nextAction: kind,
    nextActionOn: on,
    waitingTooLong: isWaitingTooLong(since, facts.waitingThresholdDays, now),
  });
  if (isClosed(status)) return { nextAction: null, nextActionOn: null, waitingTooLong: false };
  if (facts.nextFollowUpOn && facts.nextFollowUpKind) {
    // A follow-up waits from the start of its day where the site is.
    const since = startOfDayIn(facts.nextFollowUpOn, facts.timeZone);
    return due(facts.nextFollowUpKind, since, facts.nextFollowUpOn);
  }
  if (!facts.firstContactAt) {
    return due('first_contact', facts.referredAt, dayIn(facts.referredAt, facts.timeZone));
  }
  // Without a baseline there is no change to measure later: due from the acceptance.
  if (facts.acceptedAt && !facts.measuredAtBaseline) {
    return due('baseline_measurement', facts.acceptedAt, dayIn(facts.acceptedAt, facts.timeZone));
  }
  return { nextAction: null, nextActionOn: null, waitingTooLong: false };
}

/**
 * Whether the person has said yes to support: the plan, connections and outcomes start
 * once they accept; a case closed without their yes never had them.
 */
export function acceptanceOf(status: CaseStatus, acceptedAt: Date | null): CaseAcceptance {
  if (acceptedAt || status === 'active') return 'accepted';
  return isClosed(status) ? 'not_accepted' : 'awaiting';
}
