import type { Locale } from './locale';
import { timeOfDay } from './schedule-hours';
import { type SayScheduleWord, scheduleDaysSentence } from './schedule-words';

/*
 * A listing's schedules and costs in words, as a person reads them: the email that sends a
 * listing to the person, and the person's own space (/me), say them alike.
 */

export type ScheduleFacts = {
  byday: string | null;
  opensAt: string | null;
  closesAt: string | null;
  description: string | null;
};

/** "Tuesdays and Saturdays" and the hours ("9:30 to 11:30", worded by `hours`), or its description. */
export function scheduleInWords(
  schedule: ScheduleFacts,
  words: { say: SayScheduleWord; hours: (opens: string, closes: string) => string },
  locale: Locale,
  separator = ' ',
): string | null {
  const days = schedule.byday ? scheduleDaysSentence(schedule.byday, words.say, locale) : null;
  const hours =
    schedule.opensAt && schedule.closesAt
      ? words.hours(timeOfDay(schedule.opensAt, locale), timeOfDay(schedule.closesAt, locale))
      : null;
  const said = [days, hours].filter(Boolean).join(separator);
  return said || schedule.description;
}

export type CostFacts = { option: string | null; amount: number | null; currency: string | null };

/** Each cost in words: free, an amount in the currency, else the option's own text. */
export function costsInWords(costs: CostFacts[], locale: Locale, free: string): string[] {
  return costs.flatMap((c) =>
    c.amount === 0
      ? [free]
      : c.amount !== null
        ? [
            new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
              style: 'currency',
              currency: c.currency ?? 'CAD',
            }).format(c.amount),
          ]
        : c.option
          ? [c.option]
          : [],
  );
}

export type AddressFacts = { line: string; city: string; postalCode: string };

/** A place's address on one line: "100, rue Water Ouest, Cornwall, K6J 1A1". */
export function addressInWords(address: AddressFacts | null): string {
  return address ? [address.line, address.city, address.postalCode].filter(Boolean).join(', ') : '';
}
