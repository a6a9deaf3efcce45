import type { EntityModel } from './hsds-schemas';
import {
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsRecord,
  addRecord,
  isObject,
} from './hsds-types';

type Models = Map<HsdsEntityType, EntityModel>;

/**
 * Turns one nested HSDS entity (a service with its locations, phones, schedules...) into
 * flat records, linking each nested child to its parent the way the tabular form does:
 * a phone under a service gets `service_id`, an attribute `link_id`, metadata `resource_id`.
 */
export function flattenEntity(
  models: Models,
  dataset: HsdsDataset,
  type: HsdsEntityType,
  value: Record<string, unknown>,
): string | undefined {
  const model = models.get(type);
  const id = value.id;
  if (!model || typeof id !== 'string') return undefined;
  const record: HsdsRecord = { id };
  for (const field of model.fields) {
    if (value[field] !== undefined && value[field] !== null) record[field] = value[field];
  }
  for (const ref of [...model.refs, ...model.extras.filter((e) => !e.list)]) {
    const child = value[ref.property];
    if (!isObject(child)) continue;
    const childId = flattenEntity(models, dataset, ref.type, child);
    const link = `${ref.type}_id`;
    if (childId && model.fields.includes(link) && record[link] === undefined)
      record[link] = childId;
  }
  addRecord(dataset, type, record);
  for (const list of [...model.lists, ...model.extras.filter((e) => e.list)]) {
    const children = value[list.property];
    if (!Array.isArray(children)) continue;
    for (const child of children) {
      if (!isObject(child)) continue;
      flattenEntity(models, dataset, list.type, linkToParent(models, list.type, type, id, child));
    }
  }
  return id;
}

function linkToParent(
  models: Models,
  childType: HsdsEntityType,
  parentType: HsdsEntityType,
  parentId: string,
  child: Record<string, unknown>,
): Record<string, unknown> {
  if (childType === 'attribute') {
    return {
      ...child,
      link_id: child.link_id ?? parentId,
      link_entity: child.link_entity ?? parentType,
    };
  }
  if (childType === 'metadata') {
    return {
      ...child,
      resource_id: child.resource_id ?? parentId,
      resource_type: child.resource_type ?? parentType,
    };
  }
  const link = `${parentType}_id`;
  const fields = models.get(childType)?.fields ?? [];
  return fields.includes(link) ? { ...child, [link]: child[link] ?? parentId } : child;
}
