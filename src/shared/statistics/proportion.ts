/**
 * A proportion with its 95% Wilson score interval, as R's prop.test(x, n, correct = FALSE)
 * computes it (test/fixtures/statistics: reference.json "proportions"). Wilson rather than
 * the textbook p ± 1.96 SE: it stays inside 0 to 1 and keeps its coverage for shares near
 * 0 or 1 and for small n.
 */

/** qnorm(0.975) in R, to the last digit of a double. */
const z975 = 1.959963984540054;

export type Proportion = { count: number; n: number; share: number; ci95: [number, number] };

export function wilsonProportion(count: number, n: number): Proportion {
  if (!Number.isInteger(count) || !Number.isInteger(n) || n < 1 || count < 0 || count > n) {
    throw new RangeError('a proportion takes whole numbers, 0 <= count <= n, n >= 1');
  }
  const share = count / n;
  const z22n = (z975 * z975) / (2 * n);
  const spread = z975 * Math.sqrt((share * (1 - share)) / n + z22n / (2 * n));
  // As R: the bound at 0 or 1 is set, not computed (the formula gives it up to rounding).
  const lower = share <= 0 ? 0 : (share + z22n - spread) / (1 + 2 * z22n);
  const upper = share >= 1 ? 1 : (share + z22n + spread) / (1 + 2 * z22n);
  return { count, n, share, ci95: [lower, upper] };
}
