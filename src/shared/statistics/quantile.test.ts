import { describe, expect, it } from 'vitest';
import { quantileOfCounts } from './quantile';

/** R's type 7 on the values written out, the definition the counts must give. */
function type7(values: number[], p: number): number {
  const x = values.toSorted((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  return (x[lo] ?? NaN) + (h - lo) * ((x[Math.min(lo + 1, x.length - 1)] ?? NaN) - (x[lo] ?? NaN));
}

describe('quantileOfCounts', () => {
  it('gives R’s quantile(x, p) of the values written out', () => {
    // R: quantile(c(0, 1, 1, 1, 2, 3, 3, 7, 7, 7, 12), c(.5, .9)) -> 3, 7
    const counts = [
      { value: 7, count: 3 },
      { value: 0, count: 1 },
      { value: 1, count: 3 },
      { value: 12, count: 1 },
      { value: 2, count: 1 },
      { value: 3, count: 2 },
    ];
    expect(quantileOfCounts(counts, 0.5)).toBe(3);
    expect(quantileOfCounts(counts, 0.9)).toBe(7);
    // R: quantile(c(2, 5), .5) -> 3.5; quantile(c(2, 5), .9) -> 4.7
    expect(
      quantileOfCounts(
        [
          { value: 2, count: 1 },
          { value: 5, count: 1 },
        ],
        0.5,
      ),
    ).toBe(3.5);
    expect(
      quantileOfCounts(
        [
          { value: 2, count: 1 },
          { value: 5, count: 1 },
        ],
        0.9,
      ),
    ).toBeCloseTo(4.7, 12);
  });

  it('matches the written-out definition on many random histograms', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial += 1) {
      const counts = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => ({
        value: i * 2 + Math.floor(random() * 2),
        count: Math.floor(random() * 5),
      }));
      const values = counts.flatMap((c) => Array.from({ length: c.count }, () => c.value));
      for (const p of [0, 0.1, 0.5, 0.9, 1]) {
        const expected = values.length ? type7(values, p) : null;
        expect(quantileOfCounts(counts, p)).toBe(expected);
      }
    }
  });

  it('is null without values', () => {
    expect(quantileOfCounts([], 0.5)).toBeNull();
    expect(quantileOfCounts([{ value: 4, count: 0 }], 0.5)).toBeNull();
  });
});
