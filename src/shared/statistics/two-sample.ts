import { studentTQuantile, studentTTwoSided } from './distributions';

/**
 * Two independent groups compared by Welch's t-test, as R's t.test(x, y) (var.equal =
 * FALSE): for attrition, the baseline scores of those lost to follow-up (x) against those
 * who completed it (y). Values come as counts of equal values, like the paired ones.
 */

export type Counted = { value: number; count: number };

export type GroupSummary = { n: number; mean: number | null; sd: number | null };

export type WelchTest = {
  /** mean(x) - mean(y). */
  difference: number;
  t: number;
  /** Welch-Satterthwaite degrees of freedom (not whole). */
  df: number;
  /** Two-sided. */
  pValue: number;
  ci95: [number, number];
};

export function groupSummary(values: readonly Counted[]): GroupSummary {
  let n = 0;
  let sum = 0;
  for (const { value, count } of values) {
    n += count;
    sum += value * count;
  }
  if (n === 0) return { n, mean: null, sd: null };
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null };
  let squares = 0;
  for (const { value, count } of values) squares += count * (value - mean) ** 2;
  return { n, mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** Null when a group has fewer than 2 values or neither varies (R: "data are essentially constant"). */
export function welchTest(x: GroupSummary, y: GroupSummary): WelchTest | null {
  if (x.mean === null || y.mean === null || x.sd === null || y.sd === null) return null;
  const vx = (x.sd * x.sd) / x.n;
  const vy = (y.sd * y.sd) / y.n;
  const standardError = Math.sqrt(vx + vy);
  const difference = x.mean - y.mean;
  if (standardError < 10 * Number.EPSILON * Math.max(Math.abs(x.mean), Math.abs(y.mean))) {
    return null;
  }
  const df = (vx + vy) ** 2 / (vx ** 2 / (x.n - 1) + vy ** 2 / (y.n - 1));
  const t = difference / standardError;
  const margin = studentTQuantile(0.975, df) * standardError;
  return {
    difference,
    t,
    df,
    pValue: studentTTwoSided(t, df),
    ci95: [difference - margin, difference + margin],
  };
}
