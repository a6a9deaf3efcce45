/**
 * How every report figure is protected (measures.md, "Privacy in reports"), for every role.
 *
 * Counts: each count, totals included, is rounded to the nearest 5 on its own, and a count
 * from 0 to 7 is not shown at all. The same true count always gives the same figure, so
 * asking again reveals nothing; and a figure only says the true count lies within 2 of it,
 * so a difference of two figures is only known within 4, a total minus k cells within
 * 2(k + 1): subtraction yields a range, not a count. Zero is hidden with the small counts
 * because an exact zero is an exact fact: beside "at least one" it would let a range that
 * ends at 1 pin a single person.
 *
 * Rounding alone is not enough where many reports overlap: a figure at the top of its range
 * beside one at the bottom can leave a difference of a few people, and chained, pin it.
 * So a count is also hidden when another report a caller could ask for (another site,
 * grouping or period of the same year) shares people with it but leaves out 1 to 7 of
 * them (`hiddenByOverlap`): two shown figures never differ by a small group.
 *
 * Outcome statistics: a group needs at least 10 pairs, and the same overlap rule applies
 * with 10, so no two shown groups isolate a small one. What is shown is rounded (n like a
 * count, means and spreads to one decimal), so even sums over several groups do not give
 * back anyone's scores.
 */
export const protection = {
  /** Counts are rounded to a multiple of this. */
  roundTo: 5,
  /** Counts under this are hidden (shown as "<8"). */
  hiddenBelow: 8,
  /** Outcome statistics need at least this many people with a baseline and a follow-up. */
  pairsAtLeast: 10,
  /** Decimals of means, spreads, changes and intervals. */
  decimals: 1,
} as const;

/** Days to first contact: the median from 10 people, the 90th centile from 20, in whole days. */
export const centilesFrom = { median: 10, p90: 20 } as const;

export type ProtectedCount = { value: number | null; suppression: 'small' | 'overlap' | null };

/** A count as shown: hidden under the threshold or when `overlap` says so, else rounded. */
export function protectCount(count: number, overlap = false): ProtectedCount {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('counts are whole numbers');
  if (count < protection.hiddenBelow) return { value: null, suppression: 'small' };
  if (overlap) return { value: null, suppression: 'overlap' };
  return { value: Math.round(count / protection.roundTo) * protection.roundTo, suppression: null };
}

/** Rounds half away from zero, so a figure and its opposite round alike. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** A report a caller could ask for, as the units (a site's month) it adds up. */
export type Reportable = { id: string; units: ReadonlySet<string> };

/**
 * The figures of a report to hide because another report a caller could ask for shares
 * people with it but leaves out from 1 to `threshold - 1` of them: the two shown side by
 * side would count those few. `counts` gives, per unit, each figure's true count (by any
 * name, the same name across units). Only the counts decide, never what is shown, so every
 * request reaches the same answer; a figure under the threshold is not looked at (it is
 * hidden anyway).
 */
export function hiddenByOverlap(
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  target: Reportable,
  others: readonly Reportable[],
  threshold: number,
): Set<string> {
  const own = new Map<string, number>();
  const shared = new Map<string, Map<string, number>>();
  const overlapping = others.filter(
    (other) => other.id !== target.id && [...target.units].some((u) => other.units.has(u)),
  );
  for (const unit of target.units) {
    const figures = counts.get(unit);
    if (!figures) continue;
    for (const [figure, count] of figures) own.set(figure, (own.get(figure) ?? 0) + count);
    for (const other of overlapping) {
      if (!other.units.has(unit)) continue;
      const common = shared.get(other.id) ?? new Map<string, number>();
      for (const [figure, count] of figures) common.set(figure, (common.get(figure) ?? 0) + count);
      shared.set(other.id, common);
    }
  }
  const hidden = new Set<string>();
  for (const [figure, n] of own) {
    if (n < threshold) continue;
    for (const common of shared.values()) {
      const inCommon = common.get(figure) ?? 0;
      const apart = n - inCommon;
      if (inCommon > 0 && apart > 0 && apart < threshold) {
        hidden.add(figure);
        break;
      }
    }
  }
  return hidden;
}
