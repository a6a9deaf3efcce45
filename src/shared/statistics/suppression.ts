/**
 * Small-cell suppression for the counts shown to evaluators (measures.md, "Privacy in
 * reports"): any count under the threshold is hidden (primary suppression), and then enough
 * other counts are hidden that none of the hidden ones can be worked out by subtraction from
 * the totals shown (secondary suppression).
 *
 * The table is seen with its totals as one grid of (rows + 1) x (columns + 1) entries: the
 * last column holds row totals, the last row column totals, the corner the grand total.
 * Each line of that grid is one equation (the entries add up to the line's total). A hidden
 * entry can be recovered exactly if and only if it is a bridge of the graph whose nodes are
 * the lines and whose edges are the hidden entries (an entry not on any cycle of hidden
 * entries; a line with a single hidden entry is the simplest case). So hiding continues
 * until no hidden entry is a bridge, each time hiding the smallest entry that puts the
 * exposed one on a cycle.
 */

export type Suppression = 'primary' | 'secondary' | null;

export type SuppressedCount = {
  /** Null when hidden. */
  value: number | null;
  suppression: Suppression;
};

export type SuppressedTable = {
  cells: SuppressedCount[][];
  rowTotals: SuppressedCount[];
  columnTotals: SuppressedCount[];
  grandTotal: SuppressedCount;
};

export type SuppressionOptions = {
  /** Counts below this are hidden; 5 unless told otherwise. */
  threshold?: number;
};

type Entry = { row: number; column: number; value: number; interior: boolean };

/** Line ids: rows are 0..R, columns are R+1..R+1+C in the grid with totals. */
type Grid = { rows: number; columns: number; entries: Entry[][] };

function buildGrid(counts: readonly (readonly number[])[]): Grid {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  const entries: Entry[][] = [];
  const columnTotals = new Array<number>(columns).fill(0);
  let grand = 0;
  counts.forEach((line, row) => {
    if (line.length !== columns) throw new RangeError('every row needs the same number of cells');
    let rowTotal = 0;
    const gridRow: Entry[] = line.map((value, column) => {
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError('counts are whole numbers, zero or more');
      }
      rowTotal += value;
      columnTotals[column] = (columnTotals[column] ?? 0) + value;
      return { row, column, value, interior: true };
    });
    gridRow.push({ row, column: columns, value: rowTotal, interior: false });
    grand += rowTotal;
    entries.push(gridRow);
  });
  entries.push([
    ...columnTotals.map((value, column) => ({ row: rows, column, value, interior: false })),
    { row: rows, column: columns, value: grand, interior: false },
  ]);
  return { rows: rows + 1, columns: columns + 1, entries };
}

const key = (entry: Entry): string => `${entry.row}:${entry.column}`;

/** The lines reachable from a line through hidden entries, leaving out one entry. */
function component(grid: Grid, hidden: Set<string>, start: number, without: Entry): Set<number> {
  const seen = new Set<number>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.pop() ?? 0;
    const neighbours: Entry[] =
      node < grid.rows
        ? (grid.entries[node] ?? [])
        : grid.entries.map((line) => line[node - grid.rows]).filter((e): e is Entry => !!e);
    for (const next of neighbours) {
      if (next === without || !hidden.has(key(next))) continue;
      const other = node < grid.rows ? grid.rows + next.column : next.row;
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/** Smallest first; among equals, a cell before a total, then in reading order. */
function cheaper(a: Entry, b: Entry): boolean {
  if (a.value !== b.value) return a.value < b.value;
  if (a.interior !== b.interior) return a.interior;
  return a.row !== b.row ? a.row < b.row : a.column < b.column;
}

function smallest(candidates: Iterable<Entry>, hidden: Set<string>): Entry | null {
  let best: Entry | null = null;
  for (const candidate of candidates) {
    if (hidden.has(key(candidate))) continue;
    if (!best || cheaper(candidate, best)) best = candidate;
  }
  return best;
}

/**
 * What else to hide so that a hidden entry can no longer be recovered, or null when it
 * already cannot. Best is an entry joining the two sides the entry alone connects (it then
 * lies on a cycle); failing that, the next smallest entry in its row, or in its column,
 * and the search goes on from there.
 */
function complementFor(grid: Grid, hidden: Set<string>, entry: Entry): Entry | null {
  const columnNode = grid.rows + entry.column;
  const rowSide = component(grid, hidden, entry.row, entry);
  if (rowSide.has(columnNode)) return null;
  const columnSide = component(grid, hidden, columnNode, entry);
  const all = grid.entries.flat();
  const joining = all.filter((candidate) => {
    const row = candidate.row;
    const column = grid.rows + candidate.column;
    return (
      (rowSide.has(row) && columnSide.has(column)) || (columnSide.has(row) && rowSide.has(column))
    );
  });
  const inRow = grid.entries[entry.row] ?? [];
  const inColumn = all.filter((candidate) => candidate.column === entry.column);
  // With nothing to join, the entry is alone in its row or its column: hide the next
  // smallest there, and the next pass carries on from the newly hidden entry.
  const aloneInRow = !inRow.some((other) => other !== entry && hidden.has(key(other)));
  return smallest(joining, hidden) ?? smallest(aloneInRow ? inRow : inColumn, hidden);
}

/**
 * Hides small counts and whatever would reveal them. Totals are computed from the cells;
 * a total under the threshold is itself hidden. A table with one row (e.g. improved, same,
 * worsened) works the same way: each cell is also its own column total.
 */
export function suppressTable(
  counts: readonly (readonly number[])[],
  options: SuppressionOptions = {},
): SuppressedTable {
  const threshold = options.threshold ?? 5;
  const grid = buildGrid(counts);
  const suppression = new Map<string, Exclude<Suppression, null>>();
  for (const line of grid.entries) {
    for (const entry of line) {
      if (entry.value < threshold) suppression.set(key(entry), 'primary');
    }
  }

  const hidden = new Set(suppression.keys());
  for (;;) {
    let added = false;
    for (const line of grid.entries) {
      for (const entry of line) {
        if (!hidden.has(key(entry))) continue;
        const complement = complementFor(grid, hidden, entry);
        if (!complement) continue;
        hidden.add(key(complement));
        suppression.set(key(complement), 'secondary');
        added = true;
      }
    }
    if (!added) break;
  }

  const show = (entry: Entry | undefined): SuppressedCount => {
    if (!entry) return { value: null, suppression: 'primary' };
    const how = suppression.get(key(entry)) ?? null;
    return { value: how ? null : entry.value, suppression: how };
  };
  const bodyRows = grid.rows - 1;
  const bodyColumns = grid.columns - 1;
  const totalsRow = grid.entries[bodyRows] ?? [];
  return {
    cells: grid.entries.slice(0, bodyRows).map((line) => line.slice(0, bodyColumns).map(show)),
    rowTotals: grid.entries.slice(0, bodyRows).map((line) => show(line[bodyColumns])),
    columnTotals: totalsRow.slice(0, bodyColumns).map(show),
    grandTotal: show(totalsRow[bodyColumns]),
  };
}
