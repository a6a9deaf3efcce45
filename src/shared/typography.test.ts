import { describe, expect, it } from 'vitest';
import {
  decimal,
  labelValue,
  labelled,
  midSentence,
  percent,
  semicolonList,
  wholeNumber,
} from './typography';

describe('labels', () => {
  it('put a narrow no-break space before the colon in French only', () => {
    expect(labelled('fr', 'Statut')).toBe('Statut\u202f:');
    expect(labelled('en', 'Status')).toBe('Status:');
    expect(labelValue('fr', 'Étape', 'Accompagnée')).toBe('Étape\u202f: Accompagnée');
    expect(labelValue('en', 'Stage', 'Supported')).toBe('Stage: Supported');
  });

  it('space semicolons the French way', () => {
    expect(semicolonList('fr', ['a', 'b', 'c'])).toBe('a\u202f; b\u202f; c');
    expect(semicolonList('en', ['a', 'b'])).toBe('a; b');
  });
});

describe('labels after other words', () => {
  it('start in lower case, acronyms and empty labels as they are', () => {
    expect(midSentence('La personne')).toBe('la personne');
    expect(midSentence('Acceptée par le partenaire')).toBe('acceptée par le partenaire');
    expect(midSentence('Évaluée')).toBe('évaluée');
    expect(midSentence('A guardian')).toBe('a guardian');
    expect(midSentence('NHS referral')).toBe('NHS referral');
    expect(midSentence('')).toBe('');
  });
});

describe('numbers', () => {
  it('write decimals with a comma in French and a point in English, to the digits asked', () => {
    expect(decimal('fr', 2.5)).toBe('2,5');
    expect(decimal('en', 2.5)).toBe('2.5');
    expect(decimal('fr', 3)).toBe('3,0');
    expect(decimal('fr', -0.25, 2)).toBe('-0,25');
    expect(decimal('en', 0.0421, 3)).toBe('0.042');
  });

  it('group thousands and write percentages per language', () => {
    expect(wholeNumber('en', 12345)).toBe('12,345');
    expect(wholeNumber('fr', 12345).replace(/\s/g, ' ')).toBe('12 345');
    expect(percent('en', 0.123)).toBe('12%');
    expect(percent('fr', 0.5).replace(/\s/g, ' ')).toBe('50 %');
  });
});
