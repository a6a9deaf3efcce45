// The person's strings, both languages: a few kilobytes, so no i18n library in this bundle.
import en from '../../shared/locales/en/person.json';
import fr from '../../shared/locales/fr/person.json';
import type { SayScheduleWord } from '../../shared/schedule-words';

export type PersonLocale = 'fr' | 'en';
export type PersonTranslate = (key: string, params?: Record<string, string | number>) => string;

const strings: Record<PersonLocale, unknown> = { en, fr };

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

export function translatorFor(locale: PersonLocale): PersonTranslate {
  return translatorOver(strings[locale]);
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
