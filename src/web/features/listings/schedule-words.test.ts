import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../shared/locale';
import { resources } from '../../../shared/locales';
import { translatorOver } from '../../../shared/translator';
import { scheduleDays, scheduleDaysSentence } from './schedule-words';

function words(byday: string, locale: Locale): string {
  const t = translatorOver(resources[locale].web, locale);
  return scheduleDaysSentence(byday, t, locale);
}

describe('a schedule’s days in words', () => {
  it('says weekly days in English and French', () => {
    expect(words('TU,SA', 'en')).toBe('Tuesdays and Saturdays');
    expect(words('TU,SA', 'fr')).toBe('Les mardis et les samedis');
    expect(words('TH', 'en')).toBe('Thursdays');
    expect(words('MO,WE,FR', 'en')).toBe('Mondays, Wednesdays, and Fridays');
    expect(words('MO,WE,FR', 'fr')).toBe('Les lundis, les mercredis et les vendredis');
  });

  it('says three days or more in a row as a range', () => {
    expect(words('MO,TU,WE,TH,FR', 'en')).toBe('Monday to Friday');
    expect(words('MO,TU,WE,TH,FR', 'fr')).toBe('Du lundi au vendredi');
    expect(words('MO,TU,WE,SA', 'en')).toBe('Monday to Wednesday and Saturdays');
  });

  it('says days of the month by their place in it', () => {
    expect(words('1SA', 'en')).toBe('The first Saturday of the month');
    expect(words('1SA', 'fr')).toBe('Le premier samedi du mois');
    expect(words('2WE,4WE', 'en')).toBe('The second and fourth Wednesdays of the month');
    expect(words('2WE,4WE', 'fr')).toBe('Les deuxième et quatrième mercredis du mois');
    expect(words('-1TU', 'en')).toBe('The last Tuesday of the month');
    expect(words('-1TU', 'fr')).toBe('Le dernier mardi du mois');
    expect(words('MO,1SA', 'en')).toBe('Mondays and the first Saturday of the month');
  });

  it('leaves what is not a list of days as it is', () => {
    const t = (key: string): string => key;
    expect(scheduleDays('Every other week', t, 'en')).toBe('Every other week');
    expect(scheduleDays('9MO', t, 'en')).toBe('9MO');
  });
});
