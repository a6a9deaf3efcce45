import i18next, { type TFunction, type TOptions } from 'i18next';
import { resources } from '../../shared/locales';
import { type Locale, defaultLocale } from '../../shared/locale';

const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  ns: ['errors', 'emails', 'record', 'web'],
  defaultNS: 'errors',
  interpolation: { escapeValue: false },
  initAsync: false,
});

const translators = new Map<Locale, TFunction>();

/** A translator for server-made text (errors, messages) in the caller's language. */
export function translatorFor(locale: Locale): TFunction {
  let translator = translators.get(locale);
  if (!translator) {
    translator = bindLanguage(locale);
    translators.set(locale, translator);
  }
  return translator;
}

/**
 * `instance.t` with the language bound. i18next's own getFixedT copies all the instance's
 * options on every call, which made each email's words cost a few hundred microseconds.
 */
function bindLanguage(locale: Locale): TFunction {
  const bound = (key: string | string[], options?: TOptions): string =>
    instance.t(key, { ...options, lng: locale });
  // TFunction's overloads type keys and options from the resources; the bound call keeps
  // every one of them, so it stands in for it.
  return bound as unknown as TFunction;
}
