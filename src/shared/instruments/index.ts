import belong1 from './definitions/belong1.json';
import djg6 from './definitions/djg6.json';
import gad7 from './definitions/gad7.json';
import mh1 from './definitions/mh1.json';
import ons4 from './definitions/ons4.json';
import pa1 from './definitions/pa1.json';
import phq9 from './definitions/phq9.json';
import ucla3 from './definitions/ucla3.json';
import type { Locale } from '../locale';
import { parseInstrumentDefinition, type InstrumentDefinition } from './instrument-schema';

export * from './instrument-schema';
export * from './scoring';

/**
 * The built-in instruments (measures.md), each read from its definition file and checked
 * against the schema when this module loads, so a broken file fails at start, not in use.
 * A new instrument is one more file in definitions/ and one line here (a test checks that
 * every file is listed); the scoring engine itself never changes.
 */
const definitions = { ons4, ucla3, djg6, mh1, belong1, pa1, phq9, gad7 };

export type InstrumentId = keyof typeof definitions;
export const instrumentIds = Object.keys(definitions) as InstrumentId[];

export const instruments: Readonly<Record<InstrumentId, InstrumentDefinition>> = Object.freeze(
  Object.fromEntries(
    instrumentIds.map((id) => {
      const definition = parseInstrumentDefinition(definitions[id]);
      if (definition.id !== id) {
        throw new Error(`definitions/${id}.json declares the id ${definition.id}`);
      }
      return [id, definition];
    }),
  ) as Record<InstrumentId, InstrumentDefinition>,
);

export function isInstrumentId(value: unknown): value is InstrumentId {
  return typeof value === 'string' && Object.hasOwn(definitions, value);
}

/** The definition of a built-in instrument, or undefined for an unknown id. */
export function findInstrument(id: string): InstrumentDefinition | undefined {
  return isInstrumentId(id) ? instruments[id] : undefined;
}

/**
 * What a person answering alone reads before the items: the self-completion introduction
 * where the instrument has one of its own (or none), else its instructions.
 */
export function selfCompletionInstructions(
  definition: InstrumentDefinition,
  locale: Locale,
): string | null {
  if (definition.selfCompletion) return definition.selfCompletion.instructions?.[locale] ?? null;
  return definition.instructions?.[locale] ?? null;
}
