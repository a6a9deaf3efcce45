// A time zone west of UTC (Ontario is a launch site), set before any date is read.
process.env.TZ = 'America/Toronto';

import { describe, expect, it, vi } from 'vitest';
import { ageOn, formatDate } from './format';

// The interface language needs a browser; these formats take theirs as an argument.
vi.mock('./i18n', () => ({ useT: () => ({ locale: 'en' }) }));

describe('formatDate in Toronto', () => {
  it('runs west of UTC', () => {
    expect(new Date('2026-12-12T00:00:00Z').getDate()).toBe(11);
  });

  it('shows a date-only value (a date of birth) as that calendar day', () => {
    expect(formatDate('en-CA', '1958-03-01')).toBe('Mar 1, 1958');
    expect(formatDate('en-CA', '2026-12-12')).toBe('Dec 12, 2026');
    expect(formatDate('fr-CA', '2027-01-01')).toBe('1 janv. 2027');
  });

  it('keeps the asked style for a date-only value', () => {
    expect(formatDate('en-CA', '2026-12-12', { dateStyle: 'long' })).toBe('December 12, 2026');
  });

  it('shows a timestamp as its day in the local time zone', () => {
    // 02:00 UTC on the 12th is still the evening of the 11th in Toronto.
    expect(formatDate('en-CA', '2026-12-12T02:00:00Z')).toBe('Dec 11, 2026');
    expect(formatDate('en-CA', '2026-12-12T15:00:00.000Z')).toBe('Dec 12, 2026');
  });
});

describe('ageOn in Toronto', () => {
  it('counts the birthday on the local calendar day, not UTC’s', () => {
    // 21:00 on Feb 17 in Toronto is already Feb 18 in UTC.
    expect(ageOn('1964-02-18', new Date('2027-02-18T02:00:00Z'))).toBe(62);
    expect(ageOn('1964-02-18', new Date('2027-02-18T05:00:00Z'))).toBe(63);
    expect(ageOn('1964-02-18', new Date('2027-12-31T12:00:00Z'))).toBe(63);
  });
});
