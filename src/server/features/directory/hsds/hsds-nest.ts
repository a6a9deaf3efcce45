import type { EntityModel } from './hsds-schemas';
import type { HsdsDataset, HsdsEntityType, HsdsRecord } from './hsds-types';

type Models = Map<HsdsEntityType, EntityModel>;

/** Embedded whole, these would nest the directory inside itself: they carry their own fields only. */
const shallowRefs = new Set<HsdsEntityType>(['organization', 'program', 'service']);
const maxDepth = 6;

/** Finds records by id and children by the field that points at their parent. */
export class DatasetIndex {
  private readonly byLink = new Map<string, Map<string, HsdsRecord[]>>();

  constructor(private readonly dataset: HsdsDataset) {}

  get(type: HsdsEntityType, id: unknown): HsdsRecord | undefined {
    return typeof id === 'string' ? this.dataset.get(type)?.get(id) : undefined;
  }

  all(type: HsdsEntityType): HsdsRecord[] {
    return [...(this.dataset.get(type)?.values() ?? [])];
  }

  children(type: HsdsEntityType, field: string, parentId: string): HsdsRecord[] {
    const key = `${type}|${field}`;
    let links = this.byLink.get(key);
    if (!links) {
      links = new Map();
      for (const record of this.dataset.get(type)?.values() ?? []) {
        const parent = record[field];
        if (typeof parent !== 'string') continue;
        const list = links.get(parent);
        if (list) list.push(record);
        else links.set(parent, [record]);
      }
      this.byLink.set(key, links);
    }
    return links.get(parentId) ?? [];
  }
}

/** The field of a child of `childType` that names its parent of `parentType`. */
export function parentLinkField(
  models: Models,
  childType: HsdsEntityType,
  parentType: HsdsEntityType,
): string | undefined {
  if (childType === 'attribute') return 'link_id';
  if (childType === 'metadata') return 'resource_id';
  const link = `${parentType}_id`;
  return models.get(childType)?.fields.includes(link) ? link : undefined;
}

/** One entity with everything nested under it, as the compiled HSDS schemas expect. */
export function nestEntity(
  models: Models,
  index: DatasetIndex,
  type: HsdsEntityType,
  record: HsdsRecord,
  options: { extras?: boolean; parent?: { type: HsdsEntityType; id: string }; depth?: number } = {},
): Record<string, unknown> {
  const model = models.get(type);
  const depth = options.depth ?? 0;
  const nested: Record<string, unknown> = { ...record };
  if (!model || depth >= maxDepth) return nested;
  const extras = options.extras ? model.extras : [];
  const here = { type, id: record.id };
  for (const list of [...model.lists, ...extras.filter((e) => e.list)]) {
    const field = parentLinkField(models, list.type, type);
    if (!field) continue;
    const children = index.children(list.type, field, record.id);
    if (children.length === 0) continue;
    nested[list.property] = children.map((child) =>
      nestEntity(models, index, list.type, child, { parent: here, depth: depth + 1 }),
    );
  }
  for (const ref of [...model.refs, ...extras.filter((e) => !e.list)]) {
    const target = index.get(ref.type, record[`${ref.type}_id`]);
    if (!target) continue;
    if (options.parent?.type === ref.type && options.parent.id === target.id) continue;
    nested[ref.property] = shallowRefs.has(ref.type)
      ? { ...target }
      : nestEntity(models, index, ref.type, target, { parent: here, depth: depth + 1 });
  }
  return nested;
}
