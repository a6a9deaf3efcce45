import {
  normalCdf,
  normalUpperTail,
  signedRankCdf,
  signedRankUpperTail,
  studentTQuantile,
  studentTTwoSided,
} from './distributions';

/**
 * Change between two timepoints for the people measured at both (measures.md, "Timepoints
 * and change"). Change is always after - before: a positive mean change means scores went
 * up, which is an improvement only on a higher-is-better scale. The tests reproduce R's
 * t.test(after, before, paired = TRUE) and wilcox.test(after, before, paired = TRUE)
 * exactly (see test/fixtures/statistics).
 */

export type ChangeDirection = 'improved' | 'same' | 'worsened';

export type ChangeShare = { count: number; share: number };

export type PairedTTest = {
  /** t = meanChange / (sdChange / sqrt(n)). */
  t: number;
  df: number;
  /** Two-sided. */
  pValue: number;
  /** 95% confidence interval of the mean change, from Student's t. */
  ci95: [number, number];
};

export type WilcoxonSignedRank = {
  /** Sum of the ranks of the positive changes (R's V), zeros dropped. */
  v: number;
  /** Pairs left after dropping zero changes (R's zero.method "Wilcox"). */
  nonZero: number;
  method: 'exact' | 'normal_approximation';
  /** Two-sided. */
  pValue: number;
  /**
   * The normal approximation's z, with continuity and tie correction, whichever method
   * gave the p-value; null when there is no variation to test.
   */
  z: number | null;
};

export type PairedSummary = {
  n: number;
  meanBefore: number | null;
  sdBefore: number | null;
  meanAfter: number | null;
  sdAfter: number | null;
  meanChange: number | null;
  sdChange: number | null;
  /** Null with fewer than 2 pairs or when every change is the same (R: "data are essentially constant"). */
  tTest: PairedTTest | null;
  /** Null when every change is zero. */
  wilcoxon: WilcoxonSignedRank | null;
  effectSize: {
    /** Cohen's d_z: meanChange / sdChange. */
    cohenDz: number | null;
    /** r = z / sqrt(nonZero), from the Wilcoxon test's z (Rosenthal's r for paired data). */
    wilcoxonR: number | null;
  };
  /** Present when a classifier is given: each person's change by the instrument's own rule. */
  shares: Record<ChangeDirection, ChangeShare> | null;
};

export type PairedOptions = {
  /** Decides whether one person improved, stayed the same or worsened (e.g. classifyChange). */
  classify?: (before: number, after: number) => ChangeDirection;
};

/** Pairs with the same scores before and after, and how many people have them. */
export type PairCount = { before: number; after: number; count: number };

type Weighted = { value: number; count: number };

function totalOf(values: readonly Weighted[]): number {
  let total = 0;
  for (const { count } of values) total += count;
  return total;
}

function mean(values: readonly Weighted[]): number | null {
  const total = totalOf(values);
  if (total === 0) return null;
  let sum = 0;
  for (const { value, count } of values) sum += value * count;
  return sum / total;
}

/** Sample standard deviation (n - 1), two-pass for accuracy, as R's sd. */
function standardDeviation(values: readonly Weighted[]): number | null {
  const centre = mean(values);
  const total = totalOf(values);
  if (centre === null || total < 2) return null;
  let squares = 0;
  for (const { value, count } of values) squares += count * (value - centre) ** 2;
  return Math.sqrt(squares / (total - 1));
}

function pairedTTest(changes: readonly Weighted[]): PairedTTest | null {
  const centre = mean(changes);
  const sd = standardDeviation(changes);
  return centre === null || sd === null ? null : tTestOf(totalOf(changes), centre, sd);
}

/** Student's one-sample t of a mean change, its p-value and 95% interval. */
function tTestOf(n: number, centre: number, sd: number): PairedTTest | null {
  if (n < 2) return null;
  const standardError = sd / Math.sqrt(n);
  // R refuses when the changes barely vary; a t from rounding noise would mislead.
  if (standardError < 10 * Number.EPSILON * Math.abs(centre) || standardError === 0) return null;
  const df = n - 1;
  const t = centre / standardError;
  const margin = studentTQuantile(0.975, df) * standardError;
  return { t, df, pValue: studentTTwoSided(t, df), ci95: [centre - margin, centre + margin] };
}

/** The sums a group's change needs, which add up across groups (the report summaries keep them). */
export type ChangeMoments = {
  n: number;
  sumBefore: number;
  sumChange: number;
  sumChangeSquared: number;
};

/** A group's means before, after and of the change, and the change's t interval. */
export type ChangeMeans = {
  n: number;
  meanBefore: number | null;
  meanAfter: number | null;
  meanChange: number | null;
  ci95: [number, number] | null;
};

/** The means and interval of pairs, as pairedSummaryOfCounts gives them. */
export function changeOfPairs(pairs: readonly PairCount[]): ChangeMeans {
  const summary = pairedSummaryOfCounts(pairs);
  const { n, meanBefore, meanAfter, meanChange } = summary;
  return { n, meanBefore, meanAfter, meanChange, ci95: summary.tTest?.ci95 ?? null };
}

/**
 * The same from sums: the variance as (sum of squares - n mean²) / (n - 1), which for scores
 * of a few digits agrees with the two-pass one far below the figures' rounding.
 */
export function changeOfMoments(m: ChangeMoments): ChangeMeans {
  if (m.n === 0) return { n: 0, meanBefore: null, meanAfter: null, meanChange: null, ci95: null };
  const meanBefore = m.sumBefore / m.n;
  const meanChange = m.sumChange / m.n;
  const variance =
    m.n < 2 ? null : Math.max(0, (m.sumChangeSquared - m.n * meanChange ** 2) / (m.n - 1));
  const t = variance === null ? null : tTestOf(m.n, meanChange, Math.sqrt(variance));
  return {
    n: m.n,
    meanBefore,
    meanAfter: meanBefore + meanChange,
    meanChange,
    ci95: t?.ci95 ?? null,
  };
}

/**
 * As R's wilcox.test(paired = TRUE, exact = NULL, correct = TRUE), two-sided. Equal absolute
 * changes share the mean of their positions (R's rank()), so counting each distinct change
 * once with its number of people gives R's V, ties and all.
 */
function wilcoxonSignedRank(changes: readonly Weighted[]): WilcoxonSignedRank | null {
  const nonZeroChanges = changes.filter((change) => change.value !== 0 && change.count > 0);
  const n = totalOf(nonZeroChanges);
  const hadZeros = n !== totalOf(changes);
  if (n === 0) return null;
  const byMagnitude = new Map<number, { positive: number; total: number }>();
  for (const { value, count } of nonZeroChanges) {
    const entry = byMagnitude.get(Math.abs(value)) ?? { positive: 0, total: 0 };
    entry.total += count;
    if (value > 0) entry.positive += count;
    byMagnitude.set(Math.abs(value), entry);
  }
  let v = 0;
  let below = 0;
  let tieTerm = 0;
  let hasTies = false;
  for (const magnitude of [...byMagnitude.keys()].sort((a, b) => a - b)) {
    const { positive, total } = byMagnitude.get(magnitude) ?? { positive: 0, total: 0 };
    v += positive * (below + (total + 1) / 2);
    tieTerm += total ** 3 - total;
    hasTies ||= total > 1;
    below += total;
  }
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const centred = v - (n * (n + 1)) / 4;
  const z = sigma > 0 ? (centred - Math.sign(centred) * 0.5) / sigma : null;

  if (n < 50 && !hasTies && !hadZeros) {
    const p = v > (n * (n + 1)) / 4 ? signedRankUpperTail(v, n) : signedRankCdf(v, n);
    return { v, nonZero: n, method: 'exact', pValue: Math.min(1, 2 * p), z };
  }
  if (z === null) return null;
  const pValue = 2 * Math.min(normalCdf(z), normalUpperTail(z));
  return { v, nonZero: n, method: 'normal_approximation', pValue: Math.min(1, pValue), z };
}

/** Equal values counted once each, with how many times they occur. */
function tally(values: Iterable<[value: number, count: number]>): Weighted[] {
  const counts = new Map<number, number>();
  for (const [value, count] of values) counts.set(value, (counts.get(value) ?? 0) + count);
  return [...counts].map(([value, count]) => ({ value, count }));
}

/**
 * Summarises paired scores given as counts of identical pairs: scores take few values, so
 * a million people fold into a few hundred rows and every figure comes from those.
 */
export function pairedSummaryOfCounts(
  pairs: readonly PairCount[],
  options: PairedOptions = {},
): PairedSummary {
  const finite = pairs.every(
    (p) => Number.isFinite(p.before) && Number.isFinite(p.after) && Number.isInteger(p.count),
  );
  if (!finite) throw new RangeError('paired scores must be finite numbers');
  const n = pairs.reduce((sum, p) => sum + p.count, 0);
  const before = tally(pairs.map((p) => [p.before, p.count]));
  const after = tally(pairs.map((p) => [p.after, p.count]));
  const changes = tally(pairs.map((p) => [p.after - p.before, p.count]));
  const meanChange = mean(changes);
  const sdChange = standardDeviation(changes);
  const wilcoxon = wilcoxonSignedRank(changes);

  let shares: PairedSummary['shares'] = null;
  const { classify } = options;
  if (classify) {
    const counts: Record<ChangeDirection, number> = { improved: 0, same: 0, worsened: 0 };
    for (const pair of pairs) counts[classify(pair.before, pair.after)] += pair.count;
    const share = (count: number): ChangeShare => ({ count, share: n === 0 ? 0 : count / n });
    shares = {
      improved: share(counts.improved),
      same: share(counts.same),
      worsened: share(counts.worsened),
    };
  }

  return {
    n,
    meanBefore: mean(before),
    sdBefore: standardDeviation(before),
    meanAfter: mean(after),
    sdAfter: standardDeviation(after),
    meanChange,
    sdChange,
    tTest: pairedTTest(changes),
    wilcoxon,
    effectSize: {
      cohenDz:
        meanChange !== null && sdChange !== null && sdChange > 0 ? meanChange / sdChange : null,
      wilcoxonR:
        wilcoxon?.z !== null && wilcoxon?.z !== undefined
          ? wilcoxon.z / Math.sqrt(wilcoxon.nonZero)
          : null,
    },
    shares,
  };
}

/**
 * Summarises paired scores: before[i] and after[i] belong to the same person. Callers pass
 * only the people with both scores; any other input is a programming error.
 */
export function pairedSummary(
  before: readonly number[],
  after: readonly number[],
  options: PairedOptions = {},
): PairedSummary {
  if (before.length !== after.length) throw new RangeError('before and after differ in length');
  return pairedSummaryOfCounts(
    before.map((value, index) => ({ before: value, after: after[index] ?? Number.NaN, count: 1 })),
    options,
  );
}
