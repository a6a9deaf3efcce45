import { describe, expect, it } from 'vitest';
import { suppressTable, type SuppressedCount, type SuppressedTable } from './suppression';

/** The table with totals as one grid, hidden entries as null (the shape an evaluator sees). */
function shown(table: SuppressedTable): (number | null)[][] {
  const value = (count: SuppressedCount): number | null => count.value;
  return [
    ...table.cells.map((row, index) => [...row.map(value), table.rowTotals[index]?.value ?? null]),
    [...table.columnTotals.map(value), table.grandTotal.value],
  ];
}

function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  let r = 0;
  const columns = m[0]?.length ?? 0;
  for (let c = 0; c < columns && r < m.length; c += 1) {
    let pivot = r;
    for (let i = r; i < m.length; i += 1) {
      if (Math.abs(m[i]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = i;
    }
    if (Math.abs(m[pivot]?.[c] ?? 0) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot] ?? [], m[r] ?? []];
    const top = m[r] ?? [];
    for (let i = 0; i < m.length; i += 1) {
      const row = m[i] ?? [];
      if (i === r) continue;
      const factor = (row[c] ?? 0) / (top[c] ?? 1);
      for (let k = c; k < columns; k += 1) row[k] = (row[k] ?? 0) - factor * (top[k] ?? 0);
    }
    r += 1;
  }
  return r;
}

/**
 * An attacker's view, independent of the implementation: every line of the grid says its
 * entries add up to its total. A hidden entry is recoverable by subtraction exactly when its
 * unit vector lies in the row space of those equations restricted to the hidden entries.
 */
function recoverable(grid: (number | null)[][]): [number, number][] {
  const hidden: [number, number][] = [];
  grid.forEach((row, i) => row.forEach((value, j) => value === null && hidden.push([i, j])));
  const lines: number[][] = [];
  const rows = grid.length;
  const columns = grid[0]?.length ?? 0;
  for (let i = 0; i < rows; i += 1) {
    lines.push(hidden.map(([r, c]) => (r === i ? (c === columns - 1 ? -1 : 1) : 0)));
  }
  for (let j = 0; j < columns; j += 1) {
    lines.push(hidden.map(([r, c]) => (c === j ? (r === rows - 1 ? -1 : 1) : 0)));
  }
  const base = rank(lines);
  return hidden.filter((_, index) => {
    const unit = hidden.map((__, k) => (k === index ? 1 : 0));
    return rank([...lines, unit]) === base;
  });
}

describe('the subtraction check used by these tests', () => {
  it('finds what naive suppression leaks', () => {
    // Only the 3 hidden: its row total gives it away.
    expect(
      recoverable([
        [20, null, 15, 38],
        [12, 18, 9, 39],
        [32, 21, 24, 77],
      ]),
    ).toEqual([[0, 1]]);
    // Every line has two hidden entries, but the entry at (1, 2) bridges two blocks (only
    // the pattern of hidden entries matters to the check).
    const bridged = [
      [null, null, 40, 50, 90],
      [null, null, null, 70, 77],
      [90, 91, null, null, 183],
      [93, 94, null, null, 194],
      [186, 187, 6, 126, 544],
    ];
    expect(recoverable(bridged)).toContainEqual([1, 2]);
  });
});

describe('suppressTable', () => {
  it('shows a table with no small counts as it is, with its totals', () => {
    const table = suppressTable([
      [12, 30],
      [8, 15],
    ]);
    expect(shown(table)).toEqual([
      [12, 30, 42],
      [8, 15, 23],
      [20, 45, 65],
    ]);
  });

  it('hides a lone small cell and the next smallest in its row and column, so subtraction cannot find it', () => {
    // Naively hiding only the 3 leaks it: 38 - 20 - 15 = 3.
    const counts = [
      [20, 3, 15],
      [12, 18, 9],
      [25, 30, 22],
    ];
    const table = suppressTable(counts);
    expect(table.cells[0]?.[1]).toEqual({ value: null, suppression: 'primary' });
    expect(shown(table)).toEqual([
      [20, null, null, 38],
      [12, null, null, 39],
      [25, 30, 22, 77],
      [57, 51, 46, 154],
    ]);
    expect(table.cells[0]?.[2]?.suppression).toBe('secondary');
    expect(recoverable(shown(table))).toEqual([]);
  });

  it('protects two small cells in one row from a column subtraction', () => {
    // Both small cells share row 0, so the row is safe, but each column would give its cell away.
    const table = suppressTable([
      [2, 4, 30],
      [10, 12, 40],
    ]);
    expect(shown(table)).toEqual([
      [null, null, 30, 36],
      [null, null, 40, 62],
      [12, 16, 70, 98],
    ]);
    expect(recoverable(shown(table))).toEqual([]);
  });

  it('hides a small total and what would give it away', () => {
    // Row 1 adds up to 4: its total is hidden, and its cells with it.
    const table = suppressTable([
      [10, 20],
      [0, 4],
      [15, 25],
    ]);
    const grid = shown(table);
    expect(table.rowTotals[1]).toEqual({ value: null, suppression: 'primary' });
    expect(grid[1]).toEqual([null, null, null]);
    expect(recoverable(grid)).toEqual([]);
  });

  it('handles a one-row table such as improved, same, worsened', () => {
    const table = suppressTable([[40, 3, 12]]);
    const grid = shown(table);
    expect(grid[0]?.[1]).toBeNull();
    expect(grid[0]?.[3]).toBe(55);
    expect(grid[0]?.filter((value) => value === null)).toHaveLength(2);
    expect(recoverable(grid)).toEqual([]);
  });

  it('closes the gap a bridge leaves between two safe blocks', () => {
    // Rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3 are each safe on their own, and the
    // 2 at row 1, column 2 links them. Every line has two hidden entries, yet summing lines
    // on one side would reveal the link: it must be put on a cycle.
    const counts = [
      [1, 2, 40, 50, 60],
      [3, 4, 2, 70, 80],
      [90, 91, 1, 2, 92],
      [93, 94, 3, 4, 95],
    ];
    const table = suppressTable(counts);
    expect(recoverable(shown(table))).toEqual([]);
  });

  it('never leaves a small count visible or a hidden one recoverable, on many random tables', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 300; trial += 1) {
      const rows = 1 + Math.floor(random() * 4);
      const columns = 1 + Math.floor(random() * 5);
      const counts = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () =>
          random() < 0.3 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 60),
        ),
      );
      const table = suppressTable(counts);
      const grid = shown(table);
      counts.forEach((row, i) =>
        row.forEach((value, j) => {
          const cell = grid[i]?.[j];
          if (value < 5) expect(cell).toBeNull();
          else if (cell !== null) expect(cell).toBe(value);
        }),
      );
      grid.flat().forEach((value) => value === null || expect(value).toBeGreaterThanOrEqual(5));
      expect(recoverable(grid), JSON.stringify(counts)).toEqual([]);
    }
  });

  it('takes another threshold and refuses counts that are not whole numbers', () => {
    expect(shown(suppressTable([[9, 20, 30]], { threshold: 10 }))[0]?.[0]).toBeNull();
    expect(() => suppressTable([[1.5, 2]])).toThrow(RangeError);
    expect(() => suppressTable([[1, 2], [3]])).toThrow(RangeError);
  });
});
