import { describe, expect, it } from 'vitest';
import { instruments } from '../../../shared/instruments';
import { addMonths, assertAnswersValid, dueMeasurements, scheduleOf } from './outcomes-rules';

describe('addMonths', () => {
  it('keeps the day, or falls back to the last day of a shorter month', () => {
    expect(addMonths('2026-01-15', 3)).toBe('2026-04-15');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
  });
});

describe('scheduleOf', () => {
  it('keeps known months (sorted, once) and known instruments', () => {
    expect(scheduleOf({ followUpMonths: [6, 3, 6, 4], instruments: ['ucla3', 'sf36'] })).toEqual({
      followUpMonths: [3, 6],
      instruments: ['ucla3'],
    });
  });
});

describe('dueMeasurements', () => {
  const schedule = {
    followUpMonths: [3, 6] as (3 | 6)[],
    instruments: ['ucla3' as const, 'ons4' as const],
  };

  it('asks for the baseline from acceptance, then follow-ups from the first baseline', () => {
    const due = dueMeasurements(
      {
        schedule,
        acceptedAt: new Date('2026-01-10T15:00:00Z'),
        closed: false,
        recorded: [{ instrumentId: 'ucla3', timepoint: 'baseline', takenOn: '2026-01-12' }],
      },
      '2026-05-01',
    );
    expect(due).toEqual([
      { timepoint: 'baseline', dueOn: '2026-01-10', instrumentIds: ['ons4'], overdue: true },
      {
        timepoint: 'month_3',
        dueOn: '2026-04-12',
        instrumentIds: ['ucla3', 'ons4'],
        overdue: true,
      },
      {
        timepoint: 'month_6',
        dueOn: '2026-07-12',
        instrumentIds: ['ucla3', 'ons4'],
        overdue: false,
      },
      { timepoint: 'discharge', dueOn: null, instrumentIds: ['ucla3', 'ons4'], overdue: false },
    ]);
  });

  it('has nothing due on a closed case', () => {
    expect(
      dueMeasurements({ schedule, acceptedAt: null, closed: true, recorded: [] }, '2026-05-01'),
    ).toEqual([]);
  });
});

describe('assertAnswersValid', () => {
  it('accepts unanswered items and refuses values outside the options or unknown items', () => {
    const ucla3 = instruments.ucla3;
    expect(() => assertAnswersValid(ucla3, { companionship: null, left_out: 2 })).not.toThrow();
    expect(() => assertAnswersValid(ucla3, { left_out: 0 })).toThrow('answer_invalid');
    expect(() => assertAnswersValid(ucla3, { mood: 1 })).toThrow('answer_invalid');
  });
});
