import { intlLocale, useT } from './i18n';

export type Formatters = {
  dateTime: (iso: string) => string;
  date: (iso: string) => string;
  number: (value: number) => string;
};

/** Dates and numbers in the interface language's Canadian conventions. */
export function useFormat(): Formatters {
  const locale = intlLocale(useT().locale);
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    date: (iso) => dateFormat.format(new Date(iso)),
    number: (value) => numberFormat.format(value),
  };
}
