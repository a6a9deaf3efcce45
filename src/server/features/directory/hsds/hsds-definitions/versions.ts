import { type HsdsEntityType, type HsdsVersion, hsdsEntityTypes } from '../hsds-types';
import { placeEntities } from './entities-places';
import { serviceEntities } from './entities-services';
import { taxonomyEntities } from './entities-taxonomies';
import type { EntityDefinition } from './fields';

export type EntityDefinitions = ReadonlyMap<HsdsEntityType, EntityDefinition>;

const hsds31: Record<HsdsEntityType, EntityDefinition> = {
  ...serviceEntities,
  ...placeEntities,
  ...taxonomyEntities,
};

/** What 3.1 added (its changelog, and the schemas themselves): 3.0 is 3.1 without it. */
const addedIn31: {
  entities: readonly HsdsEntityType[];
  properties: Partial<Record<HsdsEntityType, readonly string[]>>;
} = {
  entities: ['service_capacity', 'unit', 'url'],
  properties: {
    attribute: ['label'],
    organization: ['additional_websites'],
    service: ['additional_urls', 'capacities'],
    service_area: ['service_at_location_id'],
    service_at_location: ['service_areas'],
  },
};

function without31(type: HsdsEntityType, definition: EntityDefinition): EntityDefinition {
  const added = addedIn31.properties[type] ?? [];
  const properties = Object.entries(definition.properties).filter(([p]) => !added.includes(p));
  return { ...definition, properties: Object.fromEntries(properties) };
}

const byVersion: Record<HsdsVersion, EntityDefinitions> = {
  '3.1': new Map(hsdsEntityTypes.map((type) => [type, hsds31[type]])),
  '3.0': new Map(
    hsdsEntityTypes
      .filter((type) => !addedIn31.entities.includes(type))
      .map((type) => [type, without31(type, hsds31[type])]),
  ),
};

/** Every entity of one HSDS version, as the standard defines it. */
export function entityDefinitions(version: HsdsVersion): EntityDefinitions {
  return byVersion[version];
}
