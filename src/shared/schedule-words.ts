import type { Locale } from './locale';

type Ordinal = '1' | '2' | '3' | '4' | '5' | '-1' | '-2';
/** The words a schedule is said with: the web namespace's `listings.schedule` keys. */
export type ScheduleKey =
  | 'listings.schedule.weekday'
  | 'listings.schedule.range'
  | 'listings.schedule.monthly'
  | `listings.schedule.ordinals.${Ordinal}`;
/** The web app's translator, or the server's reading the web namespace. */
export type SayScheduleWord = (
  key: ScheduleKey,
  values?: Record<string, string | number>,
) => string;

/*
 * An HSDS schedule's days (iCalendar BYDAY: "TU,SA", "1SA", "2WE,4WE", "-1TU") in words:
 * "Tuesdays and Saturdays", "first Saturday of the month", "les 2e et 4e mercredis du mois".
 * Weekday names come from Intl in the reader's language; the rest from the locale files.
 */

const codes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type DayCode = (typeof codes)[number];
const ordinals: readonly Ordinal[] = ['1', '2', '3', '4', '5', '-1', '-2'];

type Part = { day: DayCode; ordinal: Ordinal | null };

function parse(byday: string): Part[] | null {
  const parts: Part[] = [];
  for (const raw of byday.split(',')) {
    const match = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(raw.trim().toUpperCase());
    if (!match) return null;
    const ordinal = match[1]?.replace('+', '') ?? null;
    const day = codes.find((code) => code === match[2]);
    const known = ordinal === null ? null : ordinals.find((candidate) => candidate === ordinal);
    if (!day || known === undefined) return null;
    parts.push({ day, ordinal: known });
  }
  return parts.length > 0 ? parts : null;
}

/** Monday 2024-01-01 plus the day's index: a date that falls on that weekday. */
function weekdayName(day: DayCode, locale: Locale): string {
  const date = new Date(Date.UTC(2024, 0, 1 + codes.indexOf(day), 12));
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date);
}

function list(items: string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * The days in words, or the text as it is when it is not BYDAY (an import may carry
 * anything). Weekly days in the week's order, three or more in a row as a range.
 */
export function scheduleDays(byday: string, t: SayScheduleWord, locale: Locale): string {
  const parts = parse(byday);
  if (!parts) return byday;
  const phrases: string[] = [];

  const weekly = codes.filter((code) => parts.some((p) => p.day === code && p.ordinal === null));
  const runs: DayCode[][] = [];
  for (const day of weekly) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && codes.indexOf(day) === codes.indexOf(previous) + 1) run.push(day);
    else runs.push([day]);
  }
  const weeklyWords: string[] = [];
  for (const run of runs) {
    const first = run[0];
    const last = run.at(-1);
    if (first && last && run.length >= 3) {
      weeklyWords.push(
        t('listings.schedule.range', {
          from: weekdayName(first, locale),
          to: weekdayName(last, locale),
        }),
      );
    } else {
      weeklyWords.push(
        ...run.map((day) => t('listings.schedule.weekday', { day: weekdayName(day, locale) })),
      );
    }
  }
  phrases.push(...weeklyWords);

  for (const day of codes) {
    const inMonth = ordinals.filter((ordinal) =>
      parts.some((p) => p.day === day && p.ordinal === ordinal),
    );
    if (inMonth.length === 0) continue;
    phrases.push(
      t('listings.schedule.monthly', {
        count: inMonth.length,
        ordinals: list(
          inMonth.map((ordinal) => t(`listings.schedule.ordinals.${ordinal}`)),
          locale,
        ),
        day: weekdayName(day, locale),
      }),
    );
  }
  return list(phrases, locale);
}

/** The same, starting with a capital: for a line of its own. */
export function scheduleDaysSentence(byday: string, t: SayScheduleWord, locale: Locale): string {
  const words = scheduleDays(byday, t, locale);
  return words.charAt(0).toLocaleUpperCase(locale) + words.slice(1);
}
