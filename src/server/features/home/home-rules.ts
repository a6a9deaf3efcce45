/** The days the home counts by, in UTC as the rest of the pathway's dates. */
export type Days = {
  /** Today, YYYY-MM-DD. */
  today: string;
  /** The last day of "this week": today and the 6 days after, as the caseload's filter says. */
  weekEnd: string;
  todayStart: Date;
  tomorrowStart: Date;
};

const dayMs = 24 * 60 * 60 * 1000;

export function daysOf(now: Date): Days {
  const todayStart = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return {
    today: todayStart.toISOString().slice(0, 10),
    weekEnd: new Date(todayStart.getTime() + 6 * dayMs).toISOString().slice(0, 10),
    todayStart,
    tomorrowStart: new Date(todayStart.getTime() + dayMs),
  };
}

/** How many items, and the one's id when there is exactly one. */
export function tallyOf(items: { id: string }[]): { count: number; onlyId: string | null } {
  const [only] = items;
  return { count: items.length, onlyId: items.length === 1 && only ? only.id : null };
}
