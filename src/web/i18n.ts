import { useEffect, useState, useSyncExternalStore } from 'react';
import webStrings from 'virtual:web-strings';
import {
  type Locale,
  defaultLocale,
  isLocale,
  localeCookie,
  negotiateLocale,
} from '../shared/locale';
import type enWeb from '../shared/locales/en/web.json';
import { type TranslateAny, translatorOver } from '../shared/translator';
import { mergeStrings, type WebNamespace, type WebStringsPart } from '../shared/web-strings';
import { partStrings } from '../shared/screens';

const storageKey = 'passerelle.locale';

/**
 * A language's strings arrive in parts (shared/web-strings.ts): the frame's with the app, each
 * screen's namespaces when it opens. Each language has one table its parts are added to, and
 * one translator reading it; another language fetches the parts asked for so far.
 */
const tables = new Map<Locale, Record<string, unknown>>();
const translators = new Map<Locale, TranslateAny>();
const loading = new Map<string, Promise<void>>();
const loaded = new Set<string>();
const wanted = new Set<WebStringsPart>(['frame']);
let shown: Locale = initialLocale();
const listeners = new Set<() => void>();

function tableOf(locale: Locale): Record<string, unknown> {
  let table = tables.get(locale);
  if (!table) {
    table = {};
    tables.set(locale, table);
    translators.set(locale, translatorOver(table, locale));
  }
  return table;
}

/** Fetches parts of a language's strings not here yet (tried again on a patchy signal). */
function loadParts(locale: Locale, parts: Iterable<WebStringsPart>): Promise<unknown> {
  return Promise.all(
    [...parts].map((part) => {
      const key = `${locale}:${part}`;
      const known = loading.get(key);
      if (known) return known;
      const load = fetchPart(locale, part).then((strings) => {
        mergeStrings(tableOf(locale), strings);
        loaded.add(key);
      });
      loading.set(key, load);
      load.catch(() => loading.delete(key));
      return load;
    }),
  );
}

function hasParts(locale: Locale): boolean {
  return [...wanted].every((part) => loaded.has(`${locale}:${part}`));
}

/** Every part asked for so far, in a language: what its screens need before showing in it. */
async function loadLanguage(locale: Locale): Promise<void> {
  // A screen opened while these arrive asks for more parts: fetched too before the switch.
  while (!hasParts(locale)) await loadParts(locale, wanted);
}

async function fetchPart(locale: Locale, part: WebStringsPart, attempt = 1): Promise<object> {
  try {
    return (await webStrings[locale][part]()).default;
  } catch (error) {
    if (attempt >= 3) throw error;
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    return fetchPart(locale, part, attempt + 1);
  }
}

/** Resolves once the frame's strings in the language the app opens in are here: the app waits. */
export const stringsReady: Promise<unknown> = loadParts(shown, wanted);

/**
 * Resolves once a screen's namespaces are here in the language shown: its route waits for it
 * (router.tsx), so the screen never shows a key instead of its words.
 */
export function loadStrings(namespaces: readonly WebNamespace[]): Promise<unknown> {
  for (const namespace of namespaces) wanted.add(namespace);
  return loadParts(shown, namespaces);
}

/**
 * A screen's piece loaded later (screens.ts `parts`, such as a case's tab): its code and its
 * own namespaces fetched together, so that it too never shows a key instead of its words.
 */
export function loadPart<Module>(
  module: string,
  load: () => Promise<Module>,
): () => Promise<Module> {
  return () => Promise.all([load(), loadStrings(partStrings(module))]).then(([loaded]) => loaded);
}

document.documentElement.lang = shown;

export function currentLocale(): Locale {
  return shown;
}

/** Switches the interface language and remembers it on this device for the next visit. */
export async function switchLocale(locale: Locale): Promise<void> {
  rememberOnDevice(locale);
  if (locale === shown) return;
  await loadLanguage(locale);
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
  const [ready, setReady] = useState(() => hasParts(locale));
  useEffect(() => {
    if (ready) return;
    let current = true;
    void loadLanguage(locale).then(() => {
      if (current) setReady(true);
    });
    return () => {
      current = false;
    };
  }, [locale, ready]);
  return ready ? translatorFor(locale) : null;
}
