import i18next, { type TFunction } from 'i18next';
import { resources } from '../../shared/locales';
import { type Locale, defaultLocale } from '../../shared/locale';

const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  ns: ['errors', 'emails'],
  defaultNS: 'errors',
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A translator for server-made text (errors, messages) in the caller's language. */
export function translatorFor(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
