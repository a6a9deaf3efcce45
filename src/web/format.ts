import {
  decimal,
  intlLocale,
  labelValue,
  labelled,
  midSentence,
  percent,
  semicolonList,
} from '../shared/typography';
import { useT } from './i18n';

export type Formatters = {
  dateTime: (iso: string) => string;
  date: (iso: string) => string;
  /**
   * A calendar day stored without a time ('2026-12-12': a start date, a first attendance) as
   * that day wherever the browser is; `date` would read it as UTC midnight, the day before
   * in the Americas.
   */
  day: (isoDay: string) => string;
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

/** Dates, numbers and label punctuation in the interface language's Canadian conventions. */
export function useFormat(): Formatters {
  const language = useT().locale;
  const locale = intlLocale(language);
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    date: (iso) => dateFormat.format(new Date(iso)),
    day: (isoDay) => dayFormat.format(new Date(`${isoDay}T00:00:00Z`)),
    number: (value) => numberFormat.format(value),
    decimal: (value, digits) => decimal(language, value, digits),
    percent: (share) => percent(language, share),
    label: (label) => labelled(language, label),
    labelValue: (label, value) => labelValue(language, label, value),
    semicolonList: (items) => semicolonList(language, items),
    midSentence,
  };
}
