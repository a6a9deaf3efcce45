import { describe, expect, it } from 'vitest';
import { categories } from '../../../../shared/directory-categories';
import { loadVocabulary } from './vocabulary';

describe('bilingual vocabulary', () => {
  const vocabulary = loadVocabulary();
  const has = (en: string, fr: string) =>
    vocabulary.some((entry) => entry.en.includes(en) && entry.fr.includes(fr));

  it('has at least 120 entries and at least 8 in every category', () => {
    expect(vocabulary.length).toBeGreaterThanOrEqual(120);
    for (const category of categories) {
      const count = vocabulary.filter((entry) => entry.category === category.key).length;
      expect(count, category.key).toBeGreaterThanOrEqual(8);
    }
  });

  it('pairs the referral reasons across languages', () => {
    expect(has('loneliness', 'solitude')).toBe(true);
    expect(has('low mood', 'déprime')).toBe(true);
    expect(has('inactivity', 'sédentarité')).toBe(true);
    expect(has('money', 'argent')).toBe(true);
    expect(has('housing', 'logement')).toBe(true);
    expect(has('food', 'alimentation')).toBe(true);
    expect(has('caregiver', 'proche aidant')).toBe(true);
    expect(has('bereavement', 'deuil')).toBe(true);
  });

  it('pairs the activities link workers ask for most', () => {
    expect(has('meals on wheels', 'popote roulante')).toBe(true);
    expect(has('gardening', 'jardinage')).toBe(true);
    expect(has('choir', 'chorale')).toBe(true);
    expect(has('knitting', 'tricot')).toBe(true);
    expect(has('food bank', 'banque alimentaire')).toBe(true);
    expect(has('tax clinic', "comptoir d'impôts")).toBe(true);
    expect(has('anxiety', 'anxiété')).toBe(true);
    expect(has('volunteering', 'bénévolat')).toBe(true);
  });

  it('keeps each term once per entry and writes French with its accents', () => {
    for (const entry of vocabulary) {
      expect(new Set(entry.en).size).toBe(entry.en.length);
      expect(new Set(entry.fr).size).toBe(entry.fr.length);
    }
    const french = vocabulary.flatMap((entry) => entry.fr);
    expect(french).toContain('anxiété');
    expect(french).not.toContain('anxiete');
    expect(french.some((term) => term.includes('’'))).toBe(false);
  });
});
