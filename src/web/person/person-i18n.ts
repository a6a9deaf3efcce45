// The person's strings: a few kilobytes a language, so no i18n library in this bundle, and
// each language in a file of its own that a page loads only when it shows that language.
import { type TranslateAny, translatorOver } from '../../shared/translator';

export type PersonLocale = 'fr' | 'en';
export type PersonTranslate = TranslateAny;

// As text, parsed here: a module of one export per string weighs a third more.
const stringFiles: Record<PersonLocale, () => Promise<{ default: string }>> = {
  en: () => import('../../shared/locales/en/person.json?raw'),
  fr: () => import('../../shared/locales/fr/person.json?raw'),
};
const translators = new Map<PersonLocale, PersonTranslate>();

/** The translator of one language, its strings fetched the first time it is asked for. */
export async function loadTranslator(locale: PersonLocale): Promise<PersonTranslate> {
  const known = translators.get(locale);
  if (known) return known;
  const t = translatorOver(JSON.parse((await stringFiles[locale]()).default) as unknown, locale);
  translators.set(locale, t);
  return t;
}

/** The language to start in before the person's own is known: the browser's. */
export function browserLocale(): PersonLocale {
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** A calendar day (YYYY-MM-DD) in words, as written in the language. */
export function formatDay(day: string, locale: PersonLocale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** The day of a moment, where the person is, in words. */
export function formatMomentDay(iso: string, locale: PersonLocale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'long' }).format(
    new Date(iso),
  );
}

/** A moment, where the person is, in words: its day and time. */
export function formatMoment(iso: string, locale: PersonLocale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A list in words: "a, b and c", "a, b et c". */
export function listOf(items: string[], locale: PersonLocale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
