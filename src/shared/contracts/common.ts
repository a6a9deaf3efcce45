import { z } from 'zod';
import { locales } from '../locale';

export const Id = z.uuid();
export const LocaleSchema = z.enum(locales);
export const Version = z.int32().min(1);
/**
 * A day as YYYY-MM-DD that the calendar has (no 2024-02-30, 2023-02-29 or 2024-13-45): the one
 * date schema of every body and query that takes a day.
 */
export const CalendarDate = z.iso.date();

/*
 * How far from today a day of the pathway may plausibly be. A date outside is a slip (0001-01-01,
 * 1900 for a person born in 1980, attendance 400 days ahead) and is refused with the field named.
 * Days are compared in UTC with a day's slack: the services check "today" where the case is.
 */
export const plausibleDates = { yearsBack: 10, plannedYearsBack: 1, plannedYearsAhead: 5 };
const dayMs = 24 * 60 * 60 * 1000;
const yearDays = 366;
/** Clients' clocks run a little ahead of the server's. */
const clockSkewMs = 5 * 60 * 1000;

function dayFromToday(days: number): string {
  return new Date(Date.now() + days * dayMs).toISOString().slice(0, 10);
}

const earliestRecentDay = (): string => dayFromToday(-plausibleDates.yearsBack * yearDays);
const tooOld = { message: 'date_too_old', params: { years: plausibleDates.yearsBack } };

/** A day something happened (a measurement, a review): in the last years; the service says if it is after today. */
export const RecentDay = z.iso
  .date({ abort: true })
  .refine((day) => day >= earliestRecentDay(), tooOld);

/** A day something happened that no service checks against today (an attendance). */
export const PastDay = RecentDay.refine((day) => day <= dayFromToday(1), {
  message: 'date_in_future',
});

/** A moment something happened (consent given, a contact made): in the last years, not in the future. */
export const PastMoment = z.iso
  .datetime({ offset: true, abort: true })
  .refine((moment) => Date.parse(moment) <= Date.now() + clockSkewMs, {
    message: 'date_in_future',
  })
  .refine((moment) => moment.slice(0, 10) >= earliestRecentDay(), tooOld);

/** A day something is planned for (a follow-up, a step, a review): from a year back to a few years ahead. */
export const PlannedDay = z.iso
  .date({ abort: true })
  .refine(
    (day) =>
      day >= dayFromToday(-plausibleDates.plannedYearsBack * yearDays) &&
      day <= dayFromToday(plausibleDates.plannedYearsAhead * yearDays),
    {
      message: 'date_not_plausible_plan',
      params: {
        yearsBack: plausibleDates.plannedYearsBack,
        yearsAhead: plausibleDates.plannedYearsAhead,
      },
    },
  );
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** Opaque keyset cursor: clients pass back what they were given. */
export const Cursor = z.string().max(200);
export const PageLimit = z.coerce.number().int().min(1).max(200).default(50);

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
