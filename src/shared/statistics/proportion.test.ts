import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wilsonProportion } from './proportion';
import { groupSummary, welchTest } from './two-sample';

type Reference = {
  proportions: { x: number; n: number; estimate: number; confInt: [number, number] }[];
  twoSample: {
    name: string;
    x: number[];
    y: number[];
    meanX: number;
    sdX: number;
    meanY: number;
    sdY: number;
    statistic: number;
    parameter: number;
    pValue: number;
    confInt: [number, number];
  }[];
};

// Made by R (test/fixtures/statistics/make-reference.R); the tests do not need R.
const reference = JSON.parse(
  readFileSync(
    new URL('../../../test/fixtures/statistics/reference.json', import.meta.url),
    'utf8',
  ),
) as Reference;

function expectClose(actual: number | undefined, expected: number, label: string): void {
  expect(Math.abs((actual ?? Number.NaN) - expected), label).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );
}

const counted = (values: number[]) => values.map((value) => ({ value, count: 1 }));

describe('wilsonProportion against R prop.test(correct = FALSE)', () => {
  it('has fixtures from R, the ends included', () => {
    expect(reference.proportions.length).toBeGreaterThanOrEqual(8);
    expect(reference.proportions.some((p) => p.x === 0)).toBe(true);
    expect(reference.proportions.some((p) => p.x === p.n)).toBe(true);
  });
  for (const p of reference.proportions) {
    it(`matches ${p.x} of ${p.n}`, () => {
      const result = wilsonProportion(p.x, p.n);
      expectClose(result.share, p.estimate, 'share');
      expectClose(result.ci95[0], p.confInt[0], 'lower');
      expectClose(result.ci95[1], p.confInt[1], 'upper');
    });
  }
  it('refuses what is not a proportion', () => {
    expect(() => wilsonProportion(3, 0)).toThrow(RangeError);
    expect(() => wilsonProportion(4, 3)).toThrow(RangeError);
    expect(() => wilsonProportion(1.5, 3)).toThrow(RangeError);
  });
  it('narrows as n grows, around the same share (Foster et al. 2020: 72.6% of about 10,000)', () => {
    const small = wilsonProportion(726, 1000).ci95;
    const large = wilsonProportion(7260, 10000).ci95;
    expect(large[1] - large[0]).toBeLessThan(small[1] - small[0]);
    expect(large[0]).toBeGreaterThan(0.71);
    expect(large[1]).toBeLessThan(0.735);
  });
});

describe('welchTest against R t.test(x, y)', () => {
  for (const d of reference.twoSample) {
    it(`matches ${d.name}`, () => {
      const x = groupSummary(counted(d.x));
      const y = groupSummary(counted(d.y));
      expectClose(x.mean ?? undefined, d.meanX, 'mean x');
      expectClose(x.sd ?? undefined, d.sdX, 'sd x');
      expectClose(y.mean ?? undefined, d.meanY, 'mean y');
      expectClose(y.sd ?? undefined, d.sdY, 'sd y');
      const test = welchTest(x, y);
      expectClose(test?.t, d.statistic, 't');
      expectClose(test?.df, d.parameter, 'df');
      expect(Math.abs((test?.pValue ?? Number.NaN) - d.pValue)).toBeLessThanOrEqual(1e-9);
      expectClose(test?.ci95[0], d.confInt[0], 'ci low');
      expectClose(test?.ci95[1], d.confInt[1], 'ci high');
    });
  }
  it('has no test for a group of one or two constant groups', () => {
    expect(welchTest(groupSummary(counted([5])), groupSummary(counted([4, 6])))).toBeNull();
    expect(welchTest(groupSummary(counted([5, 5, 5])), groupSummary(counted([5, 5])))).toBeNull();
  });
});
