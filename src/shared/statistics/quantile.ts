/**
 * A quantile of values given as counts (how many times each value occurs), as R's default
 * `quantile(x, p)` (type 7) and PostgreSQL's percentile_cont compute it on the values
 * written out: linear between the order statistics around (n - 1)p. Null for no values.
 */
export function quantileOfCounts(
  counts: readonly { value: number; count: number }[],
  p: number,
): number | null {
  const sorted = counts.filter((c) => c.count > 0).toSorted((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, c) => sum + c.count, 0);
  if (n === 0) return null;
  const h = (n - 1) * p;
  const below = Math.floor(h);
  const lower = orderStatistic(sorted, below);
  const upper = orderStatistic(sorted, Math.min(below + 1, n - 1));
  return lower + (h - below) * (upper - lower);
}

/** The value at a zero-based rank of the values written out in order. */
function orderStatistic(sorted: readonly { value: number; count: number }[], rank: number): number {
  let seen = 0;
  for (const { value, count } of sorted) {
    seen += count;
    if (rank < seen) return value;
  }
  return sorted[sorted.length - 1]?.value ?? Number.NaN;
}
