/** Moments and days of the demo's past, relative to today. */
export const dayMs = 86_400_000;

/** A moment `days` ago at `hour` UTC (a working day's morning in Ontario is 13–21 UTC). */
export function ago(days: number, hour = 15): Date {
  const at = new Date(Date.now() - days * dayMs);
  at.setUTCHours(hour, (days * 7) % 60, 0, 0);
  return at;
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A calendar day `days` from today (negative: in the past). */
export function inDays(days: number): string {
  return dayOf(new Date(Date.now() + days * dayMs));
}
