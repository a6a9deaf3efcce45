import type { Locale } from './locale';

/**
 * French sets a narrow no-break space before : ; ? ! (and inside « »); English none. Every
 * "label: value" the code puts together, on the web or in the server's words, goes through here.
 */
const beforeHighPunctuation: Record<Locale, string> = { fr: '\u202f', en: '' };

/** The Intl locale for dates and numbers: Canadian French and English. */
export function intlLocale(locale: Locale): string {
  return locale === 'fr' ? 'fr-CA' : 'en-CA';
}

/** A label followed by its colon: 'Statut :' (narrow no-break space), 'Status:'. */
export function labelled(locale: Locale, label: string): string {
  return `${label}${beforeHighPunctuation[locale]}:`;
}

/** A label and its value: 'Statut : Nouveau', 'Status: New'. */
export function labelValue(locale: Locale, label: string, value: string): string {
  return `${labelled(locale, label)} ${value}`;
}

/** Items joined by semicolons: 'a ; b' in French (narrow no-break space), 'a; b' in English. */
export function semicolonList(locale: Locale, items: readonly string[]): string {
  return items.join(`${beforeHighPunctuation[locale]}; `);
}

/**
 * A label where it follows other words ('Donné par la personne', 'acceptée par le partenaire'):
 * its first letter in lower case, unless the word is an acronym ('NHS', 'SNOMED CT').
 */
export function midSentence(label: string): string {
  const [first = '', second = ''] = label;
  if (second !== second.toLowerCase()) return label;
  return `${first.toLowerCase()}${label.slice(first.length)}`;
}

/*
 * Making an Intl formatter costs far more than using one (a report's tables format thousands
 * of figures), so each kind is made once per locale and options.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** A number with exactly `digits` decimals, in the language's way: '2,5' and '2.5'. */
export function decimal(locale: Locale, value: number, digits = 1): string {
  return numberFormat(intlLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A whole number with the language's grouping: '12 345' and '12,345'. */
export function wholeNumber(locale: Locale, value: number): string {
  return numberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(value);
}

/** A share (0 to 1) as a whole percentage: '12 %' and '12%'. */
export function percent(locale: Locale, share: number): string {
  return numberFormat(intlLocale(locale), {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(share);
}

const calendarDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date-only value ('2026-12-12', a PostgreSQL `date`) as that calendar day in any time zone
 * (`new Date('2026-12-12')` is UTC midnight, the day before in the Americas); a timestamp as
 * its day in the runtime's time zone (the browser's), unless the options name one.
 */
export function formatDate(
  locale: string,
  value: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const day = calendarDay.exec(value);
  if (!day) return dateFormat(locale, options).format(new Date(value));
  const [, year, month, date] = day.map(Number);
  const utcMidnight = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1));
  return dateFormat(locale, { ...options, timeZone: 'UTC' }).format(utcMidnight);
}
