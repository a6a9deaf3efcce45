import { describe, expect, it } from 'vitest';
import { isLocale, negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it('takes the language the browser prefers most', () => {
    expect(negotiateLocale('fr')).toBe('fr');
    expect(negotiateLocale('en')).toBe('en');
    expect(negotiateLocale('fr, en')).toBe('fr');
    expect(negotiateLocale('en, fr')).toBe('en');
  });

  it('orders by weight, whatever the order written', () => {
    expect(negotiateLocale('fr;q=0.2, en;q=0.8')).toBe('en');
    expect(negotiateLocale('en;q=0.5, fr')).toBe('fr');
    expect(negotiateLocale('en;q=0.3,fr;q=0.7,de;q=1')).toBe('fr');
  });

  it('matches a regional variant to its language, in any case', () => {
    expect(negotiateLocale('fr-CA')).toBe('fr');
    expect(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.5')).toBe('fr');
    expect(negotiateLocale('EN-gb')).toBe('en');
  });

  it('skips unsupported languages for the next supported one', () => {
    expect(negotiateLocale('de-DE, es;q=0.9, fr;q=0.5')).toBe('fr');
    expect(negotiateLocale('de, en;q=0.1')).toBe('en');
  });

  it('gives nothing when no supported language is acceptable', () => {
    expect(negotiateLocale(undefined)).toBeUndefined();
    expect(negotiateLocale(null)).toBeUndefined();
    expect(negotiateLocale('')).toBeUndefined();
    expect(negotiateLocale('de, es')).toBeUndefined();
    expect(negotiateLocale('*')).toBeUndefined();
  });

  it('ignores languages refused with q=0 and weights it cannot read', () => {
    expect(negotiateLocale('fr;q=0, en;q=0.1')).toBe('en');
    expect(negotiateLocale('fr;q=0')).toBeUndefined();
    expect(negotiateLocale('fr;q=abc, en;q=0.4')).toBe('en');
  });
});

describe('isLocale', () => {
  it('knows the product’s languages and nothing else', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr-CA')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
