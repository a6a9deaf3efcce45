import { dayIn, instantIn, timeIn } from '../../../shared/time-zones';

/**
 * The date and time the form's inputs hold (YYYY-MM-DD, HH:MM) for an instant, on the clocks
 * of the case's site: typed back, they are read in the same zone (toStartsAt).
 */
export function partsIn(at: Date, timeZone: string): { date: string; time: string } {
  return { date: dayIn(at, timeZone), time: timeIn(at, timeZone) };
}

/** The instant a typed date and time mean at the case's site; nothing typed is refused. */
export function toStartsAt(date: string, time: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return 'not-a-date';
  return instantIn(date, time, timeZone).toISOString();
}
