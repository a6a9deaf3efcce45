import { addDays, dayIn, startOfDayIn } from '../../../shared/time-zones';

/** The days a case's counts go by: its site's, in the site's time zone. */
export type Days = {
  /** Today, YYYY-MM-DD. */
  today: string;
  /** The last day of "this week": today and the 6 days after, as the caseload's filter says. */
  weekEnd: string;
  /** When tomorrow starts there (a day of 23 or 25 hours when the clocks change). */
  tomorrowStart: Date;
};

export function daysOf(now: Date, timeZone: string): Days {
  const today = dayIn(now, timeZone);
  return {
    today,
    weekEnd: addDays(today, 6),
    tomorrowStart: startOfDayIn(addDays(today, 1), timeZone),
  };
}

/** How many items, and the one's id when there is exactly one. */
export function tallyOf(items: { id: string }[]): { count: number; onlyId: string | null } {
  const [only] = items;
  return { count: items.length, onlyId: items.length === 1 && only ? only.id : null };
}
