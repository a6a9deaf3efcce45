import { describe, expect, it } from 'vitest';
import { connectionStatuses, type ConnectionStatus } from '../../../shared/pathway';
import { AppError } from '../../platform/errors';
import {
  type ConnectionMover,
  assertConnectionTransition,
  isConnectionClosed,
  nextConnectionStatuses,
} from './connection-rules';

/** Every allowed move: from, to, who, and whether a reason is required. */
const allowed: [ConnectionStatus, ConnectionStatus, ConnectionMover, boolean][] = [
  ['proposed', 'sent', 'link_worker', false],
  ['sent', 'accepted', 'partner', false],
  ['sent', 'declined', 'partner', true],
  ['accepted', 'attended', 'partner', false],
  ['accepted', 'attended', 'link_worker', false],
  ['accepted', 'did_not_attend', 'partner', false],
  ['accepted', 'did_not_attend', 'link_worker', false],
  ['did_not_attend', 'attended', 'partner', false],
  ['did_not_attend', 'attended', 'link_worker', false],
  ['attended', 'ongoing', 'partner', false],
  ['attended', 'ongoing', 'link_worker', false],
  ['attended', 'stopped', 'partner', true],
  ['attended', 'stopped', 'link_worker', true],
  ['ongoing', 'stopped', 'partner', true],
  ['ongoing', 'stopped', 'link_worker', true],
  ['proposed', 'not_taken_up', 'link_worker', true],
  ['sent', 'not_taken_up', 'link_worker', true],
  ['accepted', 'not_taken_up', 'link_worker', true],
  ['did_not_attend', 'not_taken_up', 'link_worker', true],
];
const movers: ConnectionMover[] = ['link_worker', 'partner'];

function codeOf(move: () => void): string | null {
  try {
    move();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function isAllowed(from: ConnectionStatus, to: ConnectionStatus, by: ConnectionMover): boolean {
  return allowed.some(([f, t, b]) => f === from && t === to && b === by);
}

const refused = connectionStatuses.flatMap((from) =>
  connectionStatuses.flatMap((to) =>
    movers.flatMap((by) => (isAllowed(from, to, by) ? [] : [{ from, to, by }])),
  ),
);

describe('the connection loop', () => {
  it.each(allowed)('%s → %s by %s (reason required: %s)', (from, to, by, needsReason) => {
    expect(codeOf(() => assertConnectionTransition(from, to, by, 'a reason'))).toBeNull();
    expect(codeOf(() => assertConnectionTransition(from, to, by, null))).toBe(
      needsReason ? 'reason_required' : null,
    );
    if (needsReason) {
      expect(codeOf(() => assertConnectionTransition(from, to, by, '   '))).toBe('reason_required');
    }
  });

  it.each(refused)('refuses $from → $to by $by', ({ from, to, by }) => {
    expect(codeOf(() => assertConnectionTransition(from, to, by, 'a reason'))).toBe(
      'invalid_transition',
    );
  });

  it('offers each mover exactly its allowed next statuses', () => {
    for (const from of connectionStatuses) {
      for (const by of movers) {
        const expected = allowed.filter(([f, , b]) => f === from && b === by).map(([, t]) => t);
        expect(nextConnectionStatuses(from, by).sort()).toEqual(expected.sort());
      }
    }
  });

  it('only the partner accepts or declines; only the link worker sends or records not taken up', () => {
    expect(nextConnectionStatuses('sent', 'link_worker')).toEqual(['not_taken_up']);
    expect(nextConnectionStatuses('sent', 'partner').sort()).toEqual(['accepted', 'declined']);
    expect(nextConnectionStatuses('proposed', 'partner')).toEqual([]);
  });

  it('keeps the loop open after a missed start: the person may still come, or not take it up', () => {
    expect(isConnectionClosed('did_not_attend')).toBe(false);
    expect(nextConnectionStatuses('did_not_attend', 'partner')).toEqual(['attended']);
    expect(nextConnectionStatuses('did_not_attend', 'link_worker').sort()).toEqual([
      'attended',
      'not_taken_up',
    ]);
    // "Stopped" says the person came; one who never did is not taken up instead.
    expect(
      codeOf(() => assertConnectionTransition('did_not_attend', 'stopped', 'partner', 'x')),
    ).toBe('invalid_transition');
  });

  it('closes the loop on declined, stopped and not taken up only', () => {
    const closed = connectionStatuses.filter(isConnectionClosed);
    expect(closed.sort()).toEqual(['declined', 'not_taken_up', 'stopped']);
  });
});
