import i18next, { type BackendModule } from 'i18next';
import { useEffect, useState } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import {
  type Locale,
  defaultLocale,
  isLocale,
  localeCookie,
  negotiateLocale,
} from '../shared/locale';
import type enWeb from '../shared/locales/en/web.json';

const storageKey = 'passerelle.locale';

/**
 * Each language's strings are a file of their own, fetched when that language is used: the
 * first download carries one language, not both (a third of the app's JavaScript before).
 */
const localeFiles: Record<Locale, () => Promise<{ default: object }>> = {
  en: () => import('../shared/locales/en/web.json'),
  fr: () => import('../shared/locales/fr/web.json'),
};

const localeFileBackend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, callback) {
    const load = isLocale(language) && namespace === 'web' ? localeFiles[language] : undefined;
    if (!load) {
      callback(null, {});
      return;
    }
    // i18next tries again on failure, which a patchy mobile signal needs.
    load().then(
      (file) => callback(null, file.default),
      (error: unknown) => callback(error instanceof Error ? error : String(error), null),
    );
  },
};

export const i18n = i18next.createInstance();

void i18n
  .use(localeFileBackend)
  .use(initReactI18next)
  .init({
    lng: initialLocale(),
    // Both languages have every key (locales.test.ts): no second language to fetch as a fallback.
    fallbackLng: false,
    supportedLngs: ['fr', 'en'],
    // The API's errors come translated already (errors.json is the server's).
    ns: ['web'],
    defaultNS: 'web',
    interpolation: { escapeValue: false },
  });

document.documentElement.lang = currentLocale();
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : defaultLocale;
}

/** Switches the interface language and remembers it on this device for the next visit. */
export async function switchLocale(locale: Locale): Promise<void> {
  rememberOnDevice(locale);
  if (locale !== currentLocale()) await i18n.changeLanguage(locale);
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

/** Translates outside React (fetch errors, say). */
export const translate: Translate = (key, values) => i18n.t(key, { ns: 'web', ...values });

/** The typed translator for components; re-renders them when the language changes. */
export function useT(): { t: Translate; locale: Locale } {
  const { t } = useTranslation('web');
  return {
    t: (key, values) => t(key, values),
    locale: currentLocale(),
  };
}

/**
 * A translator fixed to another language than the screen's (a printout in the person's
 * language), once that language's strings have arrived: null until then, as only the
 * screen's language is fetched up front.
 */
export function useFixedTranslator(locale: Locale): Translate | null {
  const [loaded, setLoaded] = useState(() => i18n.hasResourceBundle(locale, 'web'));
  useEffect(() => {
    if (loaded) return;
    let current = true;
    void i18n.loadLanguages(locale).then(() => {
      if (current) setLoaded(i18n.hasResourceBundle(locale, 'web'));
    });
    return () => {
      current = false;
    };
  }, [locale, loaded]);
  if (!loaded) return null;
  const t = i18n.getFixedT(locale, 'web');
  return (key, values) => t(key, values);
}
