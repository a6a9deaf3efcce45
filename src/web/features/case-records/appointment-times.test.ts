import { describe, expect, it } from 'vitest';
import { partsIn, toStartsAt } from './appointment-times';

describe('an appointment typed in the form', () => {
  it('is read on the clocks of the case’s site, whatever the browser’s zone', () => {
    // 10:00 typed for a Paris site is 09:00 UTC in winter, 08:00 in summer.
    expect(toStartsAt('2026-12-10', '10:00', 'Europe/Paris')).toBe('2026-12-10T09:00:00.000Z');
    expect(toStartsAt('2026-07-10', '10:00', 'Europe/Paris')).toBe('2026-07-10T08:00:00.000Z');
    expect(toStartsAt('2026-12-10', '10:00', 'America/Toronto')).toBe('2026-12-10T15:00:00.000Z');
  });

  it('shows a stored appointment as it was typed, there', () => {
    const stored = new Date('2026-12-10T09:00:00.000Z');
    expect(partsIn(stored, 'Europe/Paris')).toEqual({ date: '2026-12-10', time: '10:00' });
    expect(partsIn(stored, 'America/Toronto')).toEqual({ date: '2026-12-10', time: '04:00' });
    // Late evening in Toronto is the next day in UTC: the form keeps Toronto's day.
    expect(partsIn(new Date('2026-12-11T03:30:00Z'), 'America/Toronto')).toEqual({
      date: '2026-12-10',
      time: '22:30',
    });
  });

  it('refuses a date or time left empty', () => {
    expect(toStartsAt('', '10:00', 'Europe/Paris')).toBe('not-a-date');
    expect(toStartsAt('2026-12-10', '', 'Europe/Paris')).toBe('not-a-date');
  });
});
