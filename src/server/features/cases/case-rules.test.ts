import { describe, expect, it } from 'vitest';
import { type CaseStatus, caseStatuses } from '../../../shared/pathway';
import { AppError } from '../../platform/errors';
import {
  assertCaseTransition,
  failedAttemptsSinceReached,
  isClosed,
  isWaitingTooLong,
  nextCaseStatuses,
  stageOf,
} from './case-rules';

/** Every move the case machine allows, and whether it needs a reason. */
const allowed: Record<string, boolean> = {
  'new>assigned': false,
  'new>active': false,
  'new>declined': true,
  'assigned>active': false,
  'assigned>declined': true,
  'assigned>unreachable': false,
  'assigned>discharged': true,
  'active>discharged': true,
};

const pairs = caseStatuses.flatMap((from) => caseStatuses.map((to) => ({ from, to })));

function outcome(from: CaseStatus, to: CaseStatus, reason?: string): string {
  try {
    assertCaseTransition(from, to, reason);
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('the case status machine', () => {
  it.each(pairs)('$from → $to', ({ from, to }) => {
    const needsReason = allowed[`${from}>${to}`];
    if (needsReason === undefined) {
      expect(outcome(from, to, 'other')).toBe('invalid_transition');
    } else if (needsReason) {
      expect(outcome(from, to)).toBe('reason_required');
      expect(outcome(from, to, 'not_interested')).toBe('ok');
    } else {
      expect(outcome(from, to)).toBe('ok');
    }
  });

  it('offers the moves of the machine as next statuses', () => {
    expect(nextCaseStatuses('new')).toEqual(['assigned', 'active', 'declined']);
    expect(nextCaseStatuses('assigned')).toEqual([
      'active',
      'declined',
      'unreachable',
      'discharged',
    ]);
    expect(nextCaseStatuses('active')).toEqual(['discharged']);
    for (const closed of ['declined', 'unreachable', 'discharged'] as const) {
      expect(nextCaseStatuses(closed)).toEqual([]);
      expect(isClosed(closed)).toBe(true);
    }
    expect(isClosed('active')).toBe(false);
  });
});

describe('failedAttemptsSinceReached', () => {
  it('counts failed attempts in a row since the person was last reached', () => {
    expect(failedAttemptsSinceReached([])).toBe(0);
    expect(failedAttemptsSinceReached(['no_answer', 'left_message', 'wrong_number'])).toBe(3);
    expect(failedAttemptsSinceReached(['no_answer', 'reached', 'no_answer'])).toBe(1);
    expect(failedAttemptsSinceReached(['no_answer', 'reached'])).toBe(0);
  });

  it('does not count a rescheduled contact as failed, nor let it reset the count', () => {
    expect(failedAttemptsSinceReached(['no_answer', 'rescheduled', 'no_answer'])).toBe(2);
  });
});

describe('stageOf', () => {
  const none = { contacted: false, assessed: false, planned: false, connected: false };

  it('derives the stage from what was recorded', () => {
    expect(stageOf({ status: 'new', ...none })).toBe('waiting');
    expect(stageOf({ status: 'assigned', ...none, contacted: true })).toBe('contacting');
    expect(stageOf({ status: 'active', ...none, contacted: true })).toBe('accepted');
    expect(stageOf({ status: 'active', ...none, assessed: true })).toBe('assessed');
    expect(stageOf({ status: 'active', ...none, assessed: true, planned: true })).toBe('planned');
    expect(stageOf({ status: 'active', ...none, connected: true })).toBe('connected');
  });

  it('says closed for any closed case, whatever was recorded', () => {
    expect(stageOf({ status: 'discharged', ...none, connected: true })).toBe('closed');
    expect(stageOf({ status: 'unreachable', ...none })).toBe('closed');
  });
});

describe('isWaitingTooLong', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('flags only past the threshold', () => {
    expect(isWaitingTooLong(new Date('2026-03-05T12:00:00Z'), 5, now)).toBe(false);
    expect(isWaitingTooLong(new Date('2026-03-05T11:59:00Z'), 5, now)).toBe(true);
    expect(isWaitingTooLong(new Date('2026-03-09T12:00:00Z'), 5, now)).toBe(false);
  });
});
