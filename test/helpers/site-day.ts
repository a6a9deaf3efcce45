import { addDays, dayIn } from '../../src/shared/time-zones';

/**
 * A calendar day at a site, `offsetDays` from its today. The server judges "in the future" by
 * the site's own calendar (sites default to Toronto), so a test taking UTC's day would be a
 * day ahead every Ontario evening.
 */
export function siteDay(offsetDays = 0, timeZone = 'America/Toronto'): string {
  return addDays(dayIn(new Date(), timeZone), offsetDays);
}

/**
 * A calendar year `years` from now, for dates a test needs in the future (appointments, grants)
 * without the test expiring on a fixed date.
 */
export function yearAhead(years: number): number {
  return new Date().getUTCFullYear() + years;
}
