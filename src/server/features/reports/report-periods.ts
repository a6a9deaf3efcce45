/**
 * The fixed reporting periods: a calendar year, quarter or month of referral, in UTC. A
 * report never covers anything else, so two reports differ by whole months at least.
 */

export type Period = {
  /** As asked for: 2026, 2026-Q3 or 2026-07. */
  id: string;
  /** First and last day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Its months, YYYY-MM. */
  months: string[];
};

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDay(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

function span(id: string, year: number, first: number, count: number): Period {
  const months = Array.from({ length: count }, (_, i) => `${year}-${pad(first + i)}`);
  return { id, from: `${year}-${pad(first)}-01`, to: lastDay(year, first + count - 1), months };
}

/** A period from its name (already checked by the contract's pattern). */
export function periodOf(id: string): Period {
  const year = Number(id.slice(0, 4));
  const quarter = /^\d{4}-Q([1-4])$/.exec(id)?.[1];
  if (quarter) return span(id, year, (Number(quarter) - 1) * 3 + 1, 3);
  const month = /^\d{4}-(\d{2})$/.exec(id)?.[1];
  if (month) return span(id, year, Number(month), 1);
  return span(id, year, 1, 12);
}

export function currentYear(now = new Date()): Period {
  return periodOf(String(now.getUTCFullYear()));
}

/** Every period of the same calendar year: the year, its quarters and its months. */
export function periodsOfYear(year: number): Period[] {
  return [
    periodOf(String(year)),
    ...[1, 2, 3, 4].map((q) => periodOf(`${year}-Q${q}`)),
    ...Array.from({ length: 12 }, (_, i) => periodOf(`${year}-${pad(i + 1)}`)),
  ];
}
