import { describe, expect, it } from 'vitest';
import { type Reportable, hiddenByOverlap, protectCount, protection, roundTo } from './disclosure';

describe('protectCount', () => {
  it('hides 0 to 7 and rounds the rest to the nearest 5', () => {
    for (const count of [0, 1, 4, 7]) {
      expect(protectCount(count)).toEqual({ value: null, suppression: 'small' });
    }
    expect(protectCount(8).value).toBe(10);
    expect(protectCount(12).value).toBe(10);
    expect(protectCount(13).value).toBe(15);
    expect(protectCount(17).value).toBe(15);
    expect(protectCount(1002).value).toBe(1000);
  });

  it('gives the same figure for the same count, always within 2 of it', () => {
    for (let count = protection.hiddenBelow; count < 500; count += 1) {
      const { value } = protectCount(count);
      expect(value).toBe(protectCount(count).value);
      expect(Math.abs((value ?? Number.NaN) - count)).toBeLessThanOrEqual(2);
      expect((value ?? 1) % protection.roundTo).toBe(0);
    }
  });

  it('hides a count the overlap rule names, and a small one as small', () => {
    expect(protectCount(40, true)).toEqual({ value: null, suppression: 'overlap' });
    expect(protectCount(3, true)).toEqual({ value: null, suppression: 'small' });
  });

  it('refuses what is not a count', () => {
    expect(() => protectCount(-1)).toThrow(RangeError);
    expect(() => protectCount(2.5)).toThrow(RangeError);
  });

  it('leaves a difference of two figures uncertain by more than a small count', () => {
    // A day apart: 24 then 25 referrals (issue 11). Both show 25: the one person is gone.
    expect(protectCount(24).value).toBe(protectCount(25).value);
  });
});

describe('roundTo', () => {
  it('rounds half away from zero, alike for a figure and its opposite', () => {
    expect(roundTo(1.25, 1)).toBe(1.3);
    expect(roundTo(-1.25, 1)).toBe(-1.3);
    expect(roundTo(-0.04, 1)).toBe(0);
    expect(roundTo(0.0004, 3)).toBe(0);
  });
});

const reportable = (id: string, units: string[]): Reportable => ({ id, units: new Set(units) });

describe('hiddenByOverlap', () => {
  // Sites A, B, C in January: people referred, and people with a pair of scores.
  const counts = new Map([
    [
      'A|01',
      new Map([
        ['referred', 12],
        ['pairs', 12],
      ]),
    ],
    [
      'B|01',
      new Map([
        ['referred', 10],
        ['pairs', 10],
      ]),
    ],
    [
      'C|01',
      new Map([
        ['referred', 3],
        ['pairs', 3],
      ]),
    ],
  ]);
  const siteA = reportable('A', ['A|01']);
  const siteC = reportable('C', ['C|01']);
  const north = reportable('A+B', ['A|01', 'B|01']);
  const aAndC = reportable('A+C', ['A|01', 'C|01']);
  const all = [siteA, siteC, north, aAndC, reportable('B', ['B|01'])];

  it('hides what a report adds to another one by 1 to 7 people', () => {
    // A+C minus A would be C's three people.
    expect(hiddenByOverlap(counts, aAndC, all, 8)).toEqual(new Set(['referred', 'pairs']));
    expect(hiddenByOverlap(counts, siteA, all, 8)).toEqual(new Set());
    // A+B minus A is B's ten.
    expect(hiddenByOverlap(counts, north, all, 8)).toEqual(new Set());
  });

  it('takes the threshold it is given: 10 for outcome pairs', () => {
    const counts9 = new Map([
      ['A|01', new Map([['pairs', 20]])],
      ['B|01', new Map([['pairs', 9]])],
    ]);
    const both = reportable('A+B', ['A|01', 'B|01']);
    const a = reportable('A', ['A|01']);
    expect(hiddenByOverlap(counts9, both, [a], 10)).toEqual(new Set(['pairs']));
    expect(hiddenByOverlap(counts9, both, [a], 8)).toEqual(new Set());
  });

  it('ignores reports with no one in common and figures hidden anyway', () => {
    expect(hiddenByOverlap(counts, siteC, all, 8)).toEqual(new Set());
    expect(hiddenByOverlap(counts, siteA, [siteC], 8)).toEqual(new Set());
  });
});
