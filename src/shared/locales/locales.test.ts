import { describe, expect, it } from 'vitest';
import { resources } from './index';

type Catalogue = Record<string, unknown>;

/** Every message of a catalogue by its dotted key, nested groups flattened. */
function messagesOf(catalogue: Catalogue, prefix = ''): Map<string, unknown> {
  const messages = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, message] of messagesOf(value as Catalogue, `${prefix}${key}.`)) {
        messages.set(inner, message);
      }
    } else {
      messages.set(`${prefix}${key}`, value);
    }
  }
  return messages;
}

const placeholders = (message: unknown): string[] =>
  typeof message === 'string'
    ? [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort()
    : [];

const namespaces = Object.keys(resources.en) as (keyof typeof resources.en)[];

describe('the French and English catalogues', () => {
  it('have the same namespaces', () => {
    expect(Object.keys(resources.fr).sort()).toEqual([...namespaces].sort());
  });

  it.each(namespaces)('have exactly the same keys in %s', (namespace) => {
    const english = messagesOf(resources.en[namespace]);
    const french = messagesOf(resources.fr[namespace]);
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(namespaces)('hold a non-empty string for every key in %s', (namespace) => {
    for (const language of ['en', 'fr'] as const) {
      for (const [key, message] of messagesOf(resources[language][namespace])) {
        expect(typeof message === 'string' && message.trim().length > 0, `${language} ${key}`).toBe(
          true,
        );
      }
    }
  });

  it.each(namespaces)('use the same placeholders in both languages in %s', (namespace) => {
    const french = messagesOf(resources.fr[namespace]);
    for (const [key, message] of messagesOf(resources.en[namespace])) {
      expect(placeholders(french.get(key)), key).toEqual(placeholders(message));
    }
  });
});
