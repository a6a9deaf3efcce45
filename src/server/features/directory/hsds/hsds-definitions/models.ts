import type { HsdsEntityType } from '../hsds-types';
import type { EntityDefinition } from './fields';

/** What an entity's definition says about its shape: scalar fields, nested lists and embedded entities. */
export type EntityModel = {
  type: HsdsEntityType;
  csvFile: string;
  fields: string[];
  numberFields: Set<string>;
  lists: { property: string; type: HsdsEntityType }[];
  refs: { property: string; type: HsdsEntityType }[];
  /** Nestings the standard's compiled documents add to the entities (an organization's services). */
  extras: { property: string; type: HsdsEntityType; list: boolean }[];
};

const extras: Partial<Record<HsdsEntityType, EntityModel['extras']>> = {
  organization: [{ property: 'services', type: 'service', list: true }],
  service_at_location: [{ property: 'service', type: 'service', list: false }],
};

export function modelOf(type: HsdsEntityType, definition: EntityDefinition): EntityModel {
  const model: EntityModel = {
    type,
    csvFile: definition.csvFile,
    fields: [],
    numberFields: new Set(),
    lists: [],
    refs: [],
    extras: extras[type] ?? [],
  };
  for (const [property, field] of Object.entries(definition.properties)) {
    if (field.kind === 'list') model.lists.push({ property, type: field.of });
    else if (field.kind === 'ref') model.refs.push({ property, type: field.of });
    else {
      model.fields.push(property);
      if (field.kind === 'number') model.numberFields.add(property);
    }
  }
  return model;
}
