import { describe, expect, it } from 'vitest';
import { daysOf, tallyOf } from './home-rules';

describe('the days the home counts by', () => {
  it('takes this week as today and the 6 days after, in the site’s zone', () => {
    const days = daysOf(new Date('2026-12-31T23:30:00Z'), 'UTC');
    expect(days.today).toBe('2026-12-31');
    expect(days.weekEnd).toBe('2027-01-06');
    expect(days.tomorrowStart.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('is still today in Toronto at 23:30, when UTC is tomorrow already', () => {
    const days = daysOf(new Date('2027-01-01T04:30:00Z'), 'America/Toronto');
    expect(days.today).toBe('2026-12-31');
    expect(days.weekEnd).toBe('2027-01-06');
    expect(days.tomorrowStart.toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });
});

describe('a tally', () => {
  it('names the item only when it counts exactly one', () => {
    expect(tallyOf([])).toEqual({ count: 0, onlyId: null });
    expect(tallyOf([{ id: 'a' }])).toEqual({ count: 1, onlyId: 'a' });
    expect(tallyOf([{ id: 'a' }, { id: 'b' }])).toEqual({ count: 2, onlyId: null });
  });
});
