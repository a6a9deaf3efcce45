import { describe, expect, it } from 'vitest';
import { instruments } from '../../../shared/instruments';
import type { Timepoint } from '../../../shared/pathway';
import {
  addMonths,
  assertAnswersValid,
  dueMeasurements,
  dueToPerson,
  hasAnyAnswer,
  scheduleOf,
  timepointsToRecord,
} from './outcomes-rules';

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
        timeZone: 'America/Toronto',
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
      dueMeasurements(
        { schedule, acceptedAt: null, closed: true, recorded: [], timeZone: 'UTC' },
        '2026-05-01',
      ),
    ).toEqual([]);
  });

  it('asks for the baseline from the day of acceptance where the site is', () => {
    // Accepted at 21:00 in Toronto on 10 January, already the 11th in UTC and in Paris.
    const acceptedAt = new Date('2026-01-11T02:00:00Z');
    const baselineDue = (timeZone: string) =>
      dueMeasurements(
        { schedule, acceptedAt, closed: false, recorded: [], timeZone },
        '2026-01-11',
      ).find((due) => due.timepoint === 'baseline')?.dueOn;
    expect(baselineDue('America/Toronto')).toBe('2026-01-10');
    expect(baselineDue('Europe/Paris')).toBe('2026-01-11');
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

describe('timepointsToRecord', () => {
  const schedule = {
    followUpMonths: [3, 6, 12] as (3 | 6 | 12)[],
    instruments: ['ucla3' as const, 'ons4' as const],
  };
  const facts = (
    recorded: { instrumentId: string; timepoint: Timepoint; takenOn: string }[],
    more: { closed?: boolean; closing?: boolean } = {},
  ) => ({
    schedule,
    acceptedAt: new Date('2026-01-10T15:00:00Z'),
    closed: more.closed ?? false,
    closing: more.closing ?? false,
    recorded,
    timeZone: 'America/Toronto',
  });
  const baseline = { instrumentId: 'ucla3', timepoint: 'baseline' as const, takenOn: '2026-01-12' };

  it('offers the baseline until it is recorded, every timepoint being available', () => {
    expect(timepointsToRecord(facts([]), 'ucla3', '2026-05-01')).toEqual({
      due: 'baseline',
      available: ['baseline', 'month_3', 'month_6', 'month_12', 'discharge'],
    });
    // Even while the case is being closed: a discharge needs a baseline to compare with.
    expect(timepointsToRecord(facts([], { closing: true }), 'ucla3', '2026-05-01').due).toBe(
      'baseline',
    );
  });

  it('offers the next follow-up, the latest one come within the lead time, then the discharge', () => {
    // Before month 3: the 3-month follow-up is the next one.
    expect(timepointsToRecord(facts([baseline]), 'ucla3', '2026-02-01')).toEqual({
      due: 'month_3',
      available: ['month_3', 'month_6', 'month_12', 'discharge'],
    });
    // A week before it falls due (12 July), the 6-month follow-up is offered...
    expect(timepointsToRecord(facts([baseline]), 'ucla3', '2026-07-05').due).toBe('month_6');
    expect(timepointsToRecord(facts([baseline]), 'ucla3', '2026-07-04').due).toBe('month_3');
    // ...the missed 3-month one staying available.
    expect(timepointsToRecord(facts([baseline]), 'ucla3', '2026-07-05').available).toContain(
      'month_3',
    );
    const month6 = { instrumentId: 'ucla3', timepoint: 'month_6' as const, takenOn: '2026-07-12' };
    // A follow-up before the last one recorded is not offered first.
    expect(timepointsToRecord(facts([baseline, month6]), 'ucla3', '2026-08-01').due).toBe(
      'month_12',
    );
    const month12 = {
      instrumentId: 'ucla3',
      timepoint: 'month_12' as const,
      takenOn: '2027-01-12',
    };
    expect(timepointsToRecord(facts([baseline, month6, month12]), 'ucla3', '2027-02-01')).toEqual({
      due: 'discharge',
      available: ['month_3', 'discharge'],
    });
  });

  it('offers the discharge when the case is being closed, and nothing once it is recorded or closed', () => {
    expect(
      timepointsToRecord(facts([baseline], { closing: true }), 'ucla3', '2026-02-01').due,
    ).toBe('discharge');
    const discharge = {
      instrumentId: 'ucla3',
      timepoint: 'discharge' as const,
      takenOn: '2026-02-01',
    };
    expect(
      timepointsToRecord(facts([baseline, discharge], { closing: true }), 'ucla3', '2026-02-01'),
    ).toEqual({ due: null, available: ['month_3', 'month_6', 'month_12'] });
    expect(timepointsToRecord(facts([], { closed: true }), 'ucla3', '2026-02-01').due).toBeNull();
  });

  it("counts each instrument on its own, follow-ups from the case's first baseline", () => {
    expect(timepointsToRecord(facts([baseline]), 'ons4', '2026-05-01').due).toBe('baseline');
    const ons4 = { instrumentId: 'ons4', timepoint: 'baseline' as const, takenOn: '2026-03-01' };
    // The case's first baseline is 12 January: month 3 has come on 1 May for ONS4 too.
    expect(timepointsToRecord(facts([baseline, ons4]), 'ons4', '2026-05-01').due).toBe('month_3');
  });
});

describe('hasAnyAnswer', () => {
  it('is false for no answer or only unanswered items', () => {
    expect(hasAnyAnswer({})).toBe(false);
    expect(hasAnyAnswer({ companionship: null })).toBe(false);
    expect(hasAnyAnswer({ companionship: null, left_out: 1 })).toBe(true);
  });
});

describe('dueToPerson', () => {
  const entry = (timepoint: Timepoint, dueOn: string | null) => ({
    timepoint,
    dueOn,
    instrumentIds: ['ucla3' as const],
    overdue: false,
  });

  it('asks the person for what has come due or is announced, never the discharge measure', () => {
    const due = [
      entry('baseline', '2026-01-10'),
      entry('month_3', '2026-04-15'),
      entry('month_6', '2026-07-10'),
      entry('discharge', null),
    ];
    // A follow-up is asked from the week before it falls due, as the reminders announce it.
    expect(dueToPerson(due, '2026-04-07').map((e) => e.timepoint)).toEqual(['baseline']);
    expect(dueToPerson(due, '2026-04-08').map((e) => e.timepoint)).toEqual(['baseline', 'month_3']);
    expect(dueToPerson(due, '2026-07-03').map((e) => e.timepoint)).toEqual([
      'baseline',
      'month_3',
      'month_6',
    ]);
  });
});
