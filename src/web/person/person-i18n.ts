// The person's strings: a few kilobytes a language, so no i18n library in this bundle, and
// each language in a file of its own that a page loads only when it shows that language.
import type { SayScheduleWord } from '../../shared/schedule-words';

export type PersonLocale = 'fr' | 'en';
export type PersonTranslate = (key: string, params?: Record<string, string | number>) => string;

// As text, parsed here: a module of one export per string weighs a third more.
const stringFiles: Record<PersonLocale, () => Promise<{ default: string }>> = {
  en: () => import('../../shared/locales/en/person.json?raw'),
  fr: () => import('../../shared/locales/fr/person.json?raw'),
};
const translators = new Map<PersonLocale, PersonTranslate>();

/** The string at a dotted key of one language's strings, its {{placeholders}} filled; the key itself if missing. */
export function translatorOver(table: unknown): PersonTranslate {
  return (key, params = {}) => {
    let value: unknown = table;
    for (const part of key.split('.')) {
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    if (typeof value !== 'string') return key;
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
  };
}

/** The translator of one language, its strings fetched the first time it is asked for. */
export async function loadTranslator(locale: PersonLocale): Promise<PersonTranslate> {
  const known = translators.get(locale);
  if (known) return known;
  const t = translatorOver(JSON.parse((await stringFiles[locale]()).default) as unknown);
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

/**
 * The person's translator as shared/schedule-words.ts asks for its words: the same keys as
 * the staff app's (person.json carries them), "monthly" taking its plural by count.
 */
export function scheduleWordsOf(t: PersonTranslate): SayScheduleWord {
  return (key, values = {}) => {
    if (key === 'listings.schedule.monthly')
      return t(`${key}_${values.count === 1 ? 'one' : 'other'}`, values);
    return t(key, values);
  };
}

/** A list in words: "a, b and c", "a, b et c". */
export function listOf(items: string[], locale: PersonLocale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
