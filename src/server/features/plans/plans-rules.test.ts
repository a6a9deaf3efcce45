import { describe, expect, it } from 'vitest';
import type { PlanGoal } from '../../db/schema';
import { assignPlanIds, followUpsForPlan, isAfterToday, needsReminder } from './plans-rules';

const now = new Date('2026-03-10T15:00:00Z');

function counter(): () => string {
  let n = 0;
  return () => `new-${(n += 1)}`;
}

const existing: PlanGoal[] = [
  {
    id: 'g1',
    text: 'Meet people',
    steps: [
      {
        id: 's1',
        text: 'Call choir',
        owner: 'person',
        dueOn: null,
        doneAt: '2026-03-01T10:00:00.000Z',
      },
      { id: 's2', text: 'Find a lift', owner: 'link_worker', dueOn: '2026-03-12', doneAt: null },
    ],
  },
];

describe('assignPlanIds', () => {
  it('gives new goals and steps server ids', () => {
    const goals = assignPlanIds(
      [{ text: 'Walk', steps: [{ text: 'Buy shoes', owner: 'person', dueOn: null, done: false }] }],
      [],
      now,
      counter(),
    );
    expect(goals).toEqual([
      {
        id: 'new-1',
        text: 'Walk',
        steps: [{ id: 'new-2', text: 'Buy shoes', owner: 'person', dueOn: null, doneAt: null }],
      },
    ]);
  });

  it('keeps known ids and the day a step was first done; undoing clears it', () => {
    const [goal] = assignPlanIds(
      [
        {
          id: 'g1',
          text: 'Meet people',
          steps: [
            { id: 's1', text: 'Call choir', owner: 'person', dueOn: null, done: true },
            { id: 's2', text: 'Find a lift', owner: 'link_worker', dueOn: null, done: true },
          ],
        },
      ],
      existing,
      now,
      counter(),
    );
    expect(goal?.id).toBe('g1');
    expect(goal?.steps.map((s) => [s.id, s.doneAt])).toEqual([
      ['s1', '2026-03-01T10:00:00.000Z'],
      ['s2', now.toISOString()],
    ]);
    const [undone] = assignPlanIds(
      [
        {
          id: 'g1',
          text: 'x',
          steps: [{ id: 's1', text: 'y', owner: 'person', dueOn: null, done: false }],
        },
      ],
      existing,
      now,
      counter(),
    );
    expect(undone?.steps[0]?.doneAt).toBeNull();
  });

  it('replaces forged, foreign and repeated ids', () => {
    const goals = assignPlanIds(
      [
        {
          id: 'forged',
          text: 'a',
          steps: [{ id: 's1', text: 'b', owner: 'person', dueOn: null, done: false }],
        },
        { id: 'g1', text: 'c', steps: [] },
        { id: 'g1', text: 'd', steps: [] },
      ],
      existing,
      now,
      counter(),
    );
    // s1 belongs to g1, not to a new goal, so it is not kept there either.
    expect(goals.map((g) => g.id)).toEqual(['new-1', 'g1', 'new-3']);
    expect(goals[0]?.steps[0]?.id).toBe('new-2');
  });
});

describe('followUpsForPlan', () => {
  it('asks a call for each unfinished dated step of the link worker, and the review asked', () => {
    expect(followUpsForPlan(existing, '2026-04-10', [])).toEqual([
      { kind: 'call', dueOn: '2026-03-12', note: 'Find a lift' },
      { kind: 'review', dueOn: '2026-04-10', note: null },
    ]);
  });

  it('schedules nothing already open on that day', () => {
    expect(
      followUpsForPlan(existing, '2026-04-10', [
        { kind: 'call', dueOn: '2026-03-12' },
        { kind: 'review', dueOn: '2026-04-10' },
      ]),
    ).toEqual([]);
  });
});

describe('reminders and dates', () => {
  it('reminds once, from the due day, while still to do', () => {
    const base = { dueOn: '2026-03-10', doneAt: null, remindedAt: null, timeZone: 'UTC' };
    expect(needsReminder(base, now)).toBe(true);
    expect(needsReminder({ ...base, dueOn: '2026-03-01' }, now)).toBe(true);
    expect(needsReminder({ ...base, dueOn: '2026-03-11' }, now)).toBe(false);
    expect(needsReminder({ ...base, remindedAt: now }, now)).toBe(false);
    expect(needsReminder({ ...base, doneAt: now }, now)).toBe(false);
  });

  it('compares calendar days in the case’s site’s zone', () => {
    expect(isAfterToday('2026-03-10', now, 'UTC')).toBe(false);
    expect(isAfterToday('2026-03-11', now, 'UTC')).toBe(true);
    // 23:30 in Toronto is already the next day in UTC: tomorrow there is still the future.
    const lateEvening = new Date('2026-03-11T03:30:00Z');
    expect(isAfterToday('2026-03-11', lateEvening, 'America/Toronto')).toBe(true);
    expect(isAfterToday('2026-03-11', lateEvening, 'UTC')).toBe(false);
  });

  it('reminds of a follow-up once its day has come where the site is', () => {
    const base = { dueOn: '2026-03-11', doneAt: null, remindedAt: null };
    const lateEvening = new Date('2026-03-11T03:30:00Z');
    expect(needsReminder({ ...base, timeZone: 'America/Toronto' }, lateEvening)).toBe(false);
    expect(needsReminder({ ...base, timeZone: 'Europe/Paris' }, lateEvening)).toBe(true);
  });
});
