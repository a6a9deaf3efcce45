import { describe, expect, it } from 'vitest';
import { frenchTypographyFaults } from '../french-typography';
import { instruments } from '../instruments';
import { resources } from './index';

/** Every string of a catalogue with its dotted key. */
function* stringsOf(catalogue: unknown, prefix = ''): Generator<[string, string]> {
  if (typeof catalogue === 'string') {
    yield [prefix, catalogue];
  } else if (catalogue !== null && typeof catalogue === 'object') {
    for (const [key, value] of Object.entries(catalogue)) {
      yield* stringsOf(value, prefix ? `${prefix}.${key}` : key);
    }
  }
}

describe('French typography', () => {
  it('finds a plain space, a no-break space or none before : ; ? ! and inside « »', () => {
    expect(frenchTypographyFaults('Statut : {{status}}')).toHaveLength(1);
    expect(frenchTypographyFaults('Statut\u00a0: {{status}}')).toHaveLength(1);
    expect(frenchTypographyFaults('Continuer; cela prend deux minutes.')).toHaveLength(1);
    expect(frenchTypographyFaults('Mot de passe oublié ?')).toHaveLength(1);
    expect(frenchTypographyFaults('{{name}}: menu')).toHaveLength(1);
    expect(frenchTypographyFaults('Enregistré comme « acceptée »')).toHaveLength(2);
    expect(frenchTypographyFaults('Vraiment\u202f?!')).toEqual([]);
    expect(frenchTypographyFaults('Statut\u202f: {{status}}')).toEqual([]);
    expect(frenchTypographyFaults('Comme «\u202facceptée\u202f»\u202f; oui\u202f!')).toEqual([]);
  });

  it('leaves addresses, times and i18next syntax alone', () => {
    expect(frenchTypographyFaults('Ouvrez https://passerelle.example/a?b=c:d')).toEqual([]);
    expect(frenchTypographyFaults('Rendez-vous à 10:00')).toEqual([]);
    expect(frenchTypographyFaults('$t(web:cases.status.new) et {{value, number}}')).toEqual([]);
  });

  const namespaces = Object.keys(resources.fr) as (keyof typeof resources.fr)[];
  it.each(namespaces)(
    'puts a narrow no-break space before : ; ? ! and inside « » in every French string of %s',
    (namespace) => {
      const faults = [...stringsOf(resources.fr[namespace])].flatMap(([key, message]) =>
        frenchTypographyFaults(message).map((fault) => `${key}: …${fault}`),
      );
      expect(faults).toEqual([]);
    },
  );

  it('puts a narrow no-break space before : ; ? ! and inside « » in the questionnaires’ French', () => {
    const faults = Object.values(instruments).flatMap((definition) =>
      [...stringsOf(definition)]
        .filter(([key]) => key.endsWith('.fr'))
        .flatMap(([key, text]) =>
          frenchTypographyFaults(text).map((fault) => `${definition.id} ${key}: …${fault}`),
        ),
    );
    expect(faults).toEqual([]);
  });
});
