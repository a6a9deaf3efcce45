// The strings of the person's questionnaires and scores: loaded with those screens only, so
// the space's first load stays small.
import en from '../../shared/locales/en/person-outcomes.json';
import fr from '../../shared/locales/fr/person-outcomes.json';
import { translatorOver } from '../../shared/translator';
import type { PersonLocale, PersonTranslate } from './person-i18n';

export function outcomesTranslator(locale: PersonLocale): PersonTranslate {
  return translatorOver(locale === 'fr' ? fr : en, locale);
}
