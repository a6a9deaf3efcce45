import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  type Locale,
  defaultLocale,
  isLocale,
  localeCookie,
  negotiateLocale,
} from '../shared/locale';
import type enWeb from '../shared/locales/en/web.json';
import { type TranslateAny, translatorOver } from '../shared/translator';

const storageKey = 'passerelle.locale';

/**
 * Each language's strings are a file of their own, fetched when that language is used: the
 * first download carries one language, not both (a third of the app's JavaScript before).
 */
const localeFiles: Record<Locale, () => Promise<{ default: object }>> = {
  en: () => import('../shared/locales/en/web.json'),
  fr: () => import('../shared/locales/fr/web.json'),
};

const translators = new Map<Locale, TranslateAny>();
const loading = new Map<Locale, Promise<TranslateAny>>();
let shown: Locale = initialLocale();
const listeners = new Set<() => void>();

/** A language's translator, its strings fetched the first time (tried again on a patchy signal). */
function loadTranslator(locale: Locale): Promise<TranslateAny> {
  const known = loading.get(locale);
  if (known) return known;
  const load = fetchStrings(locale).then((table) => {
    const t = translatorOver(table, locale);
    translators.set(locale, t);
    return t;
  });
  loading.set(locale, load);
  load.catch(() => loading.delete(locale));
  return load;
}

async function fetchStrings(locale: Locale, attempt = 1): Promise<object> {
  try {
    return (await localeFiles[locale]()).default;
  } catch (error) {
    if (attempt >= 3) throw error;
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    return fetchStrings(locale, attempt + 1);
  }
}

/** Resolves once the strings of the language the app opens in are here: the app waits for it. */
export const stringsReady: Promise<unknown> = loadTranslator(shown);

document.documentElement.lang = shown;

export function currentLocale(): Locale {
  return shown;
}

/** Switches the interface language and remembers it on this device for the next visit. */
export async function switchLocale(locale: Locale): Promise<void> {
  rememberOnDevice(locale);
  if (locale === shown) return;
  await loadTranslator(locale);
  shown = locale;
  document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export { intlLocale } from '../shared/typography';

/**
 * Kept in local storage, and in a cookie so that the server's page asks for this language's
 * strings before the app starts (web-app-page.ts).
 */
function rememberOnDevice(locale: Locale): void {
  document.cookie = `${localeCookie}=${locale}; path=/; max-age=31536000; samesite=lax`;
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Private browsing can forbid storage; the switch still applies to this visit.
  }
}

function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(storageKey);
    if (isLocale(stored)) {
      rememberOnDevice(stored);
      return stored;
    }
  } catch {
    // Storage unavailable: fall through to the browser's languages.
  }
  return negotiateLocale(navigator.languages.join(',')) ?? defaultLocale;
}

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type BaseKey<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${BaseKey<K>}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every key of the web namespace, so a mistyped key fails the type check. */
export type WebKey = Leaves<typeof enWeb>;
export type Translate = (key: WebKey, values?: Record<string, string | number>) => string;

const keysAsThey: Translate = (key) => key;

/** The translator of a language whose strings are here (the same function each time). */
function translatorFor(locale: Locale): Translate {
  return translators.get(locale) ?? keysAsThey;
}

/** Translates outside React (fetch errors, say). */
export const translate: Translate = (key, values) => translatorFor(shown)(key, values);

/** The typed translator for components; re-renders them when the language changes. */
export function useT(): { t: Translate; locale: Locale } {
  const locale = useSyncExternalStore(subscribe, currentLocale);
  return { t: translatorFor(locale), locale };
}

/**
 * A translator fixed to another language than the screen's (a printout in the person's
 * language), once that language's strings have arrived: null until then, as only the
 * screen's language is fetched up front.
 */
export function useFixedTranslator(locale: Locale): Translate | null {
  const [loaded, setLoaded] = useState(() => translators.has(locale));
  useEffect(() => {
    if (loaded) return;
    let current = true;
    void loadTranslator(locale).then(() => {
      if (current) setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [locale, loaded]);
  return loaded ? translatorFor(locale) : null;
}
