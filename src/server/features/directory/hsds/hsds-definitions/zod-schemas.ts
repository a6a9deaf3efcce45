import { z } from 'zod';
import type { HsdsEntityType } from '../hsds-types';
import type { EntityDefinition, FieldDefinition } from './fields';
import { matchesFormat } from './formats';
import type { EntityDefinitions } from './versions';

export type EntitySchemas = ReadonlyMap<HsdsEntityType, z.ZodType>;

/**
 * One zod schema per entity. Objects are loose, as the standard's are: properties it does
 * not define are kept, unchecked. Nested entities are checked by their own schemas.
 */
export function entitySchemas(definitions: EntityDefinitions): EntitySchemas {
  const schemas = new Map<HsdsEntityType, z.ZodType>();
  const nested = (type: HsdsEntityType): z.ZodType => z.lazy(() => schemas.get(type) ?? z.never());
  for (const [type, definition] of definitions) {
    schemas.set(type, entitySchema(definition, nested));
  }
  return schemas;
}

function entitySchema(
  definition: EntityDefinition,
  nested: (type: HsdsEntityType) => z.ZodType,
): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [property, field] of Object.entries(definition.properties)) {
    const schema = fieldSchema(field, nested);
    shape[property] = definition.required.includes(property) ? schema : schema.optional();
  }
  return z.looseObject(shape);
}

function fieldSchema(
  field: FieldDefinition,
  nested: (type: HsdsEntityType) => z.ZodType,
): z.ZodType {
  switch (field.kind) {
    case 'number':
      return z.number();
    case 'list':
      return z.array(nested(field.of));
    case 'ref':
      return nested(field.of);
    case 'text': {
      if (field.values) return z.enum(field.values);
      const format = field.format;
      if (!format) return z.string();
      return z.stringFormat(format, (value) => matchesFormat(format, value));
    }
  }
}
