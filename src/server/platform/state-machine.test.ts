import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { type Transition, assertTransition, nextStatuses } from './state-machine';

type Light = 'red' | 'green' | 'amber' | 'off';
type Who = 'driver' | 'engineer';

const lights: readonly Transition<Light, Who>[] = [
  { from: ['red'], to: 'green', by: ['driver', 'engineer'] },
  { from: ['green'], to: 'amber', by: ['driver'] },
  { from: ['red', 'green', 'amber'], to: 'off', by: ['engineer'], needsReason: true },
];

function refusal(move: Parameters<typeof assertTransition<Light, Who>>[1]): AppError {
  try {
    assertTransition(lights, move);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the move was allowed');
}

describe('assertTransition', () => {
  it('allows a listed move by a listed mover', () => {
    expect(() =>
      assertTransition(lights, { from: 'red', to: 'green', by: 'driver' }),
    ).not.toThrow();
    expect(() =>
      assertTransition(lights, { from: 'amber', to: 'off', by: 'engineer', reason: 'repairs' }),
    ).not.toThrow();
  });

  it('refuses an unlisted move with invalid_transition naming both statuses', () => {
    const error = refusal({ from: 'amber', to: 'green', by: 'engineer' });
    expect(error.code).toBe('invalid_transition');
    expect(error.status).toBe(409);
    expect(error.options).toEqual({ field: 'status', params: { from: 'amber', to: 'green' } });
  });

  it('refuses a listed move by someone not allowed to make it', () => {
    expect(refusal({ from: 'green', to: 'off', by: 'driver', reason: 'x' }).code).toBe(
      'invalid_transition',
    );
  });

  it('requires a reason where the move needs one, blank counting as none', () => {
    for (const reason of [undefined, null, '', '   ']) {
      const error = refusal({ from: 'red', to: 'off', by: 'engineer', reason });
      expect(error.code).toBe('reason_required');
      expect(error.options.field).toBe('reason');
    }
  });

  it('refuses moving to the same status when the machine does not list it', () => {
    expect(refusal({ from: 'off', to: 'off', by: 'engineer', reason: 'x' }).code).toBe(
      'invalid_transition',
    );
  });
});

describe('nextStatuses', () => {
  it('lists the moves open to a mover from a status', () => {
    expect(nextStatuses(lights, 'red', 'engineer')).toEqual(['green', 'off']);
    expect(nextStatuses(lights, 'red', 'driver')).toEqual(['green']);
    expect(nextStatuses(lights, 'off', 'engineer')).toEqual([]);
  });
});
