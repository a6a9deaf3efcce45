import {
  decimal,
  formatDate,
  intlLocale,
  labelValue,
  labelled,
  midSentence,
  percent,
  semicolonList,
} from '../shared/typography';
import { useT } from './i18n';

export { formatDate } from '../shared/typography';

export type Formatters = {
  dateTime: (iso: string) => string;
  /**
   * The day of a date: a calendar day stored without a time ('2026-12-12': a date of birth, a
   * start date) is that day wherever the browser is; a timestamp ('2026-12-12T03:00:00Z') is
   * its day in the browser's time zone. Pass the stored value as is.
   */
  date: (isoDateOrTimestamp: string) => string;
  /** As many decimals as the value has (up to 3): '2,5', '12 345'. */
  number: (value: number) => string;
  /** Exactly `digits` decimals (1 unless told): '2,5', '2.5'. */
  decimal: (value: number, digits?: number) => string;
  /** A share (0 to 1) as a whole percentage: '12 %', '12%'. */
  percent: (share: number) => string;
  /** A label and its colon: 'Statut :' (narrow no-break space), 'Status:'. */
  label: (label: string) => string;
  /** 'Statut : Nouveau', 'Status: New'. */
  labelValue: (label: string, value: string) => string;
  /** A label after other words: 'la personne' for 'La personne', acronyms kept. */
  midSentence: (label: string) => string;
  /** 'a ; b' (narrow no-break space), 'a; b'. */
  semicolonList: (items: readonly string[]) => string;
};

const calendarDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The browser's calendar day ('2026-12-03'): where the user is, not UTC's (already tomorrow on an Ontario evening). */
export function today(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/**
 * Full years since a date of birth ('1964-02-18') on the browser's calendar day: the server's
 * day is UTC's, already tomorrow on an Ontario evening, a birthday early.
 */
export function ageOn(dateOfBirth: string, now: Date = new Date()): number {
  const [, year = 0, month = 1, date = 1] = calendarDay.exec(dateOfBirth)?.map(Number) ?? [];
  const beforeBirthday =
    now.getMonth() + 1 < month || (now.getMonth() + 1 === month && now.getDate() < date);
  return now.getFullYear() - year - (beforeBirthday ? 1 : 0);
}

/** Dates, numbers and label punctuation in the interface language's Canadian conventions. */
export function useFormat(): Formatters {
  const language = useT().locale;
  const locale = intlLocale(language);
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    date: (value) => formatDate(locale, value),
    number: (value) => numberFormat.format(value),
    decimal: (value, digits) => decimal(language, value, digits),
    percent: (share) => percent(language, share),
    label: (label) => labelled(language, label),
    labelValue: (label, value) => labelValue(language, label, value),
    semicolonList: (items) => semicolonList(language, items),
    midSentence,
  };
}
