/*
 * Strings in a language: nested objects whose leaves are the strings, `{{name}}` marking a
 * value to fill in and `key_one` / `key_other` (the language's plural categories) the forms
 * a `count` chooses between. The server's translations use i18next, which reads the same
 * files; the web pages use this instead, a few hundred bytes where i18next weighs 50 KB.
 */

export type TranslateValues = Record<string, string | number>;
export type TranslateAny = (key: string, values?: TranslateValues) => string;

/** The translator over one language's strings: the key itself when it has no string. */
export function translatorOver(table: unknown, locale: string): TranslateAny {
  const plurals = new Intl.PluralRules(locale);
  return (key, values = {}) => {
    const { count } = values;
    const text =
      (typeof count === 'number'
        ? (stringAt(table, `${key}_${plurals.select(count)}`) ?? stringAt(table, `${key}_other`))
        : undefined) ?? stringAt(table, key);
    if (text === undefined) return key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) =>
      values[name] === undefined ? match : String(values[name]),
    );
  };
}

function stringAt(table: unknown, key: string): string | undefined {
  let value = table;
  for (const part of key.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}
