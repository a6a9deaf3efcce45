import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { locales } from './locale';
import { resources } from './locales';
import { translatorOver } from './translator';

const server = i18next.createInstance();
await server.init({
  resources,
  initAsync: false,
  fallbackLng: false,
  interpolation: { escapeValue: false },
});

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** Every key of a strings file, plural forms named by their base key once (and so marked). */
function keysOf(table: object, prefix = ''): { key: string; plural: boolean }[] {
  return Object.entries(table).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'object' && value !== null
      ? keysOf(value, `${prefix}${key}.`)
      : [{ key: `${prefix}${key.replace(pluralSuffix, '')}`, plural: pluralSuffix.test(key) }],
  );
}

/** The files the web pages say: the staff app's and the person's space's. */
const webNamespaces = ['web', 'person', 'person-outcomes'] as const;

const values = { name: 'Awa', date: '3 mars', reference: 'PAS-7', total: 12 };

describe('the web pages’ translator', () => {
  for (const locale of locales) {
    for (const namespace of webNamespaces) {
      it(`says every ${locale} string of ${namespace} as the server’s i18next does`, () => {
        const table = resources[locale][namespace];
        const t = translatorOver(table, locale);
        const serverT = server.getFixedT(locale, namespace);
        for (const { key, plural } of keysOf(table)) {
          for (const count of plural ? [0, 1, 2, 5] : [undefined]) {
            const filled = { ...values, ...(count === undefined ? {} : { count }) };
            expect(t(key, filled), key).toBe(serverT(key, filled));
          }
        }
      });
    }
  }

  it('chooses the plural form by the language’s rules: French 0 is singular, English 0 plural', () => {
    const table = { items_one: '{{count}} item', items_other: '{{count}} items' };
    expect(translatorOver(table, 'fr')('items', { count: 0 })).toBe('0 item');
    expect(translatorOver(table, 'en')('items', { count: 0 })).toBe('0 items');
    expect(translatorOver(table, 'en')('items', { count: 1 })).toBe('1 item');
  });

  it('says a missing key as itself, so a gap shows instead of a blank', () => {
    expect(translatorOver({ a: { b: 'B' } }, 'en')('a.c')).toBe('a.c');
    expect(translatorOver({ a: { b: 'B' } }, 'en')('a')).toBe('a');
  });
});
