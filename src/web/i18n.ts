import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { type Locale, defaultLocale, isLocale, negotiateLocale } from '../shared/locale';
import { resources } from '../shared/locales';

const storageKey = 'passerelle.locale';

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLocale(),
  fallbackLng: defaultLocale,
  supportedLngs: ['fr', 'en'],
  ns: ['web', 'errors'],
  defaultNS: 'web',
  interpolation: { escapeValue: false },
  initAsync: false,
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
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Private browsing can forbid storage; the switch still applies to this visit.
  }
  if (locale !== currentLocale()) await i18n.changeLanguage(locale);
}

export { intlLocale } from '../shared/typography';

function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(storageKey);
    if (isLocale(stored)) return stored;
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
export type WebKey = Leaves<(typeof resources)['en']['web']>;
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
