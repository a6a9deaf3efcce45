import type { HsdsEntityType } from '../hsds-types';

/** The JSON Schema formats the standard gives its text fields. */
export type TextFormat = 'uuid' | 'uri' | 'email' | 'date-time';

/**
 * A text property. `csvType` is the column type the tabular package declares for dates and
 * times that the JSON Schemas leave as plain text (`datapackage_type` in the standard).
 */
export type TextField = {
  kind: 'text';
  format?: TextFormat;
  values?: readonly string[];
  csvType?: 'date' | 'time';
  unique?: boolean;
};
export type NumberField = { kind: 'number' };
/** An array of nested entities. */
export type ListField = { kind: 'list'; of: HsdsEntityType };
/** One embedded entity; in a table it is its `<type>_id`. */
export type RefField = { kind: 'ref'; of: HsdsEntityType };
export type FieldDefinition = TextField | NumberField | ListField | RefField;

export type EntityDefinition = {
  /** The file of the tabular package that holds this entity. */
  csvFile: string;
  /** Where the table stands in the package description. */
  order: number;
  required: readonly string[];
  /** Required only in tables, where a nested parent becomes its id; no JSON check enforces it. */
  tabularRequired?: readonly string[];
  /** In the standard's order, which is the order of the CSV columns. */
  properties: Readonly<Record<string, FieldDefinition>>;
};

export const text = (): TextField => ({ kind: 'text' });
export const uuid = (): TextField => ({ kind: 'text', format: 'uuid' });
export const uri = (): TextField => ({ kind: 'text', format: 'uri' });
export const email = (): TextField => ({ kind: 'text', format: 'email' });
export const dateTime = (): TextField => ({ kind: 'text', format: 'date-time' });
export const date = (): TextField => ({ kind: 'text', csvType: 'date' });
export const time = (): TextField => ({ kind: 'text', csvType: 'time' });
export const oneOf = (...values: string[]): TextField => ({ kind: 'text', values });
export const unique = (field: TextField): TextField => ({ ...field, unique: true });
/** Every entity's `id`. */
export const identifier = (): TextField => unique(uuid());
export const number = (): NumberField => ({ kind: 'number' });
export const list = (of: HsdsEntityType): ListField => ({ kind: 'list', of });
export const ref = (of: HsdsEntityType): RefField => ({ kind: 'ref', of });

/** The two lists nearly every entity ends with. */
export const annotations = () => ({ attributes: list('attribute'), metadata: list('metadata') });
