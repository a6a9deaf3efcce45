import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalCdf, signedRankCdf, studentTCdf, studentTQuantile } from './distributions';
import { type PairCount, pairedSummary, pairedSummaryOfCounts } from './paired';

type Reference = {
  generatedBy: string;
  datasets: {
    name: string;
    before: number[];
    after: number[];
    summary: {
      n: number;
      meanBefore: number;
      sdBefore: number;
      meanAfter: number;
      sdAfter: number;
      meanChange: number;
      sdChange: number;
    };
    tTest: {
      statistic: number;
      parameter: number;
      pValue: number;
      confInt: number[];
      estimate: number;
    };
    wilcoxon: { V: number; pValue: number; method: string; nonZero: number };
  }[];
};

// Made by R (see make-reference.R beside the file); CI has no R, so the values are committed.
const reference = JSON.parse(
  readFileSync(
    new URL('../../../test/fixtures/statistics/reference.json', import.meta.url),
    'utf8',
  ),
) as Reference;

/** Agreement to 1e-6: absolute for p-values, relative (absolute near zero) for the rest. */
function expectClose(actual: number | null | undefined, expected: number, label: string): void {
  expect(actual, label).not.toBeNull();
  expect(actual, label).not.toBeUndefined();
  const tolerance = 1e-6 * Math.max(1, Math.abs(expected));
  expect(Math.abs((actual ?? Number.NaN) - expected), label).toBeLessThanOrEqual(tolerance);
}

function expectP(actual: number | null | undefined, expected: number, label: string): void {
  expect(Math.abs((actual ?? Number.NaN) - expected), label).toBeLessThanOrEqual(1e-6);
}

describe('pairedSummary against R', () => {
  it('was checked against fixtures made by R', () => {
    expect(reference.generatedBy).toMatch(/^R version \d+\.\d+\.\d+/);
    expect(reference.datasets.length).toBeGreaterThanOrEqual(10);
  });

  for (const dataset of reference.datasets) {
    it(`matches t.test and wilcox.test on ${dataset.name}`, () => {
      const summary = pairedSummary(dataset.before, dataset.after);
      const r = dataset.summary;
      expect(summary.n).toBe(r.n);
      expectClose(summary.meanBefore, r.meanBefore, 'meanBefore');
      expectClose(summary.sdBefore, r.sdBefore, 'sdBefore');
      expectClose(summary.meanAfter, r.meanAfter, 'meanAfter');
      expectClose(summary.sdAfter, r.sdAfter, 'sdAfter');
      expectClose(summary.meanChange, r.meanChange, 'meanChange');
      expectClose(summary.sdChange, r.sdChange, 'sdChange');

      const t = summary.tTest;
      expectClose(t?.t, dataset.tTest.statistic, 't');
      expect(t?.df).toBe(dataset.tTest.parameter);
      expectP(t?.pValue, dataset.tTest.pValue, 't-test p');
      expectClose(t?.ci95[0], dataset.tTest.confInt[0] ?? Number.NaN, 'ci low');
      expectClose(t?.ci95[1], dataset.tTest.confInt[1] ?? Number.NaN, 'ci high');
      expectClose(summary.meanChange, dataset.tTest.estimate, 'estimate');

      const w = summary.wilcoxon;
      expect(w?.v).toBe(dataset.wilcoxon.V);
      expect(w?.nonZero).toBe(dataset.wilcoxon.nonZero);
      expect(w?.method).toBe(
        dataset.wilcoxon.method.includes('exact') ? 'exact' : 'normal_approximation',
      );
      expectP(w?.pValue, dataset.wilcoxon.pValue, 'wilcoxon p');
      // Small p-values are matched relatively too, so that 1e-6 absolute is not a free pass.
      if (dataset.wilcoxon.pValue < 1e-3) {
        expectClose((w?.pValue ?? 0) / dataset.wilcoxon.pValue, 1, 'wilcoxon p, relative');
      }
      if (dataset.tTest.pValue < 1e-3) {
        expectClose((t?.pValue ?? 0) / dataset.tTest.pValue, 1, 't p, relative');
      }

      expectClose(summary.effectSize.cohenDz, r.meanChange / r.sdChange, 'cohen dz');
    });
  }
});

describe('pairedSummaryOfCounts', () => {
  /** The R datasets folded into counts of identical (before, after) pairs, in shuffled order. */
  function folded(before: number[], after: number[]): PairCount[] {
    const counts = new Map<string, PairCount>();
    before.forEach((value, index) => {
      const pair = { before: value, after: after[index] ?? Number.NaN, count: 0 };
      const key = `${pair.before}|${pair.after}`;
      const entry = counts.get(key) ?? pair;
      entry.count += 1;
      counts.set(key, entry);
    });
    return [...counts.values()].reverse();
  }

  for (const dataset of reference.datasets) {
    it(`gives R's figures from counted pairs: ${dataset.name}`, () => {
      const pairs = folded(dataset.before, dataset.after);
      const counted = pairedSummaryOfCounts(pairs);
      expect(counted.n).toBe(dataset.summary.n);
      expect(counted.meanChange).toBeCloseTo(dataset.summary.meanChange, 6);
      expect(counted.sdBefore).toBeCloseTo(dataset.summary.sdBefore, 6);
      expect(counted.wilcoxon?.v).toBeCloseTo(dataset.wilcoxon.V, 6);
      expect(counted.wilcoxon?.pValue).toBeCloseTo(dataset.wilcoxon.pValue, 6);
      if (counted.tTest) expect(counted.tTest.pValue).toBeCloseTo(dataset.tTest.pValue, 6);
      expect(pairs.length).toBeLessThanOrEqual(dataset.before.length);
    });
  }
});

describe('pairedSummary edge cases', () => {
  it('gives no test when every change is zero, rather than a p-value of nothing', () => {
    const summary = pairedSummary([4, 5, 6], [4, 5, 6]);
    expect(summary.meanChange).toBe(0);
    expect(summary.tTest).toBeNull();
    expect(summary.wilcoxon).toBeNull();
    expect(summary.effectSize).toEqual({ cohenDz: null, wilcoxonR: null });
  });

  it('gives no t-test when every change is the same (R: data are essentially constant)', () => {
    const summary = pairedSummary([4, 5, 6, 7], [2, 3, 4, 5]);
    expect(summary.meanChange).toBe(-2);
    expect(summary.sdChange).toBe(0);
    expect(summary.tTest).toBeNull();
    // Four equal negative changes: all tied, so R uses the normal approximation.
    expect(summary.wilcoxon?.v).toBe(0);
    expect(summary.wilcoxon?.method).toBe('normal_approximation');
  });

  it('handles one pair and no pairs without inventing a spread', () => {
    const one = pairedSummary([6], [4]);
    expect(one).toMatchObject({ n: 1, meanChange: -2, sdChange: null, tTest: null });
    const none = pairedSummary([], []);
    expect(none).toMatchObject({
      n: 0,
      meanBefore: null,
      meanChange: null,
      tTest: null,
      wilcoxon: null,
    });
  });

  it('refuses unpaired or non-numeric input', () => {
    expect(() => pairedSummary([1, 2], [1])).toThrow(RangeError);
    expect(() => pairedSummary([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });

  it('counts who improved, stayed and worsened by the given rule', () => {
    // UCLA-3: lower is better, any change of a point counts.
    const classify = (before: number, after: number): 'improved' | 'same' | 'worsened' =>
      after < before ? 'improved' : after > before ? 'worsened' : 'same';
    const summary = pairedSummary([7, 8, 6, 5, 9], [5, 8, 7, 3, 6], { classify });
    expect(summary.shares).toEqual({
      improved: { count: 3, share: 0.6 },
      same: { count: 1, share: 0.2 },
      worsened: { count: 1, share: 0.2 },
    });
    expect(pairedSummary([1], [2]).shares).toBeNull();
  });

  it('reports the Wilcoxon r from the continuity-corrected z', () => {
    const summary = pairedSummary([7, 8, 6, 9, 5, 7, 8, 6], [5, 8, 6, 7, 4, 8, 5, 3]);
    const w = summary.wilcoxon;
    expect(w?.z).not.toBeNull();
    expect(summary.effectSize.wilcoxonR).toBeCloseTo((w?.z ?? 0) / Math.sqrt(w?.nonZero ?? 1), 12);
  });
});

describe('distributions', () => {
  // Values from R 4.2.2: pnorm, pt, qt, psignrank.
  it('agree with R at known points', () => {
    expectClose(normalCdf(1.959963984540054), 0.975, 'pnorm');
    expectClose(normalCdf(-8) / 6.2209605742717849e-16, 1, 'pnorm tail, relative');
    expectClose(studentTCdf(2.228138851986274, 10), 0.975, 'pt');
    expectClose(studentTQuantile(0.975, 1), 12.706204736174694, 'qt df 1');
    expectClose(studentTQuantile(0.975, 29), 2.0452296421327034, 'qt df 29');
    expectClose(signedRankCdf(8, 10), 0.0244140625, 'psignrank');
  });
});
