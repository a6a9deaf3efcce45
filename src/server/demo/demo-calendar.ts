/**
 * Moments and days of the demo's past, relative to its today: the real one, or a fixed day
 * (seedDemo's `today`) so that a test gets the same months, ages and reports on any date.
 */
export const dayMs = 86_400_000;

/** A moment `days` before `today` at `hour` UTC (a working day's morning in Ontario is 13–21 UTC). */
export function ago(days: number, hour = 15, today = Date.now()): Date {
  const at = new Date(today - days * dayMs);
  at.setUTCHours(hour, (days * 7) % 60, 0, 0);
  return at;
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A calendar day `days` from `today` (negative: in the past). */
export function inDays(days: number, today = Date.now()): string {
  return dayOf(new Date(today + days * dayMs));
}
