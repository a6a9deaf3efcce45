import { describe, expect, it } from 'vitest';
import { addDays, dayIn, instantIn, isTimeZone, startOfDayIn } from './time-zones';

describe('dayIn', () => {
  it('is still today in Toronto at 23:30, when UTC is already tomorrow', () => {
    const lateEvening = new Date('2026-12-04T04:30:00Z');
    expect(dayIn(lateEvening, 'America/Toronto')).toBe('2026-12-03');
    expect(dayIn(lateEvening, 'UTC')).toBe('2026-12-04');
    expect(dayIn(lateEvening, 'Europe/Paris')).toBe('2026-12-04');
  });

  it('turns the day at local midnight, not at UTC midnight', () => {
    expect(dayIn(new Date('2026-12-04T04:59:59Z'), 'America/Toronto')).toBe('2026-12-03');
    expect(dayIn(new Date('2026-12-04T05:00:00Z'), 'America/Toronto')).toBe('2026-12-04');
    expect(dayIn(new Date('2026-12-03T22:59:59Z'), 'Europe/Paris')).toBe('2026-12-03');
    expect(dayIn(new Date('2026-12-03T23:00:00Z'), 'Europe/Paris')).toBe('2026-12-04');
  });

  it('follows summer time: Toronto midnight is 04:00 UTC in July', () => {
    expect(dayIn(new Date('2026-07-10T03:59:00Z'), 'America/Toronto')).toBe('2026-07-09');
    expect(dayIn(new Date('2026-07-10T04:00:00Z'), 'America/Toronto')).toBe('2026-07-10');
    expect(dayIn(new Date('2026-07-09T21:59:00Z'), 'Europe/Paris')).toBe('2026-07-09');
    expect(dayIn(new Date('2026-07-09T22:00:00Z'), 'Europe/Paris')).toBe('2026-07-10');
  });

  it('keeps the day across the nights the clocks change', () => {
    // Toronto springs forward on 8 March 2026 and falls back on 1 November 2026.
    expect(dayIn(new Date('2026-03-09T03:59:00Z'), 'America/Toronto')).toBe('2026-03-08');
    expect(dayIn(new Date('2026-03-09T04:00:00Z'), 'America/Toronto')).toBe('2026-03-09');
    expect(dayIn(new Date('2026-11-02T04:59:00Z'), 'America/Toronto')).toBe('2026-11-01');
    expect(dayIn(new Date('2026-11-02T05:00:00Z'), 'America/Toronto')).toBe('2026-11-02');
  });
});

describe('instantIn', () => {
  it('reads a wall-clock time in the zone, winter and summer', () => {
    expect(instantIn('2026-12-10', '10:00', 'Europe/Paris').toISOString()).toBe(
      '2026-12-10T09:00:00.000Z',
    );
    expect(instantIn('2026-07-10', '10:00', 'Europe/Paris').toISOString()).toBe(
      '2026-07-10T08:00:00.000Z',
    );
    expect(instantIn('2026-12-03', '23:30', 'America/Toronto').toISOString()).toBe(
      '2026-12-04T04:30:00.000Z',
    );
  });

  it('is right on the days the clocks change', () => {
    expect(instantIn('2026-03-08', '10:00', 'America/Toronto').toISOString()).toBe(
      '2026-03-08T14:00:00.000Z',
    );
    expect(instantIn('2026-11-01', '10:00', 'America/Toronto').toISOString()).toBe(
      '2026-11-01T15:00:00.000Z',
    );
    // 02:30 does not exist that night: it is read as 03:30 summer time.
    expect(instantIn('2026-03-08', '02:30', 'America/Toronto').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 happens twice: the first one, still summer time.
    expect(instantIn('2026-11-01', '01:30', 'America/Toronto').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('starts a day at its local midnight', () => {
    expect(startOfDayIn('2026-12-03', 'America/Toronto').toISOString()).toBe(
      '2026-12-03T05:00:00.000Z',
    );
    expect(startOfDayIn('2026-03-29', 'Europe/Paris').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('isTimeZone', () => {
  it('accepts IANA names and refuses anything else', () => {
    expect(isTimeZone('America/Toronto')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('+05:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
