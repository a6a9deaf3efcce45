import {
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsRecord,
  type HsdsSchemas,
  addRecord,
  parentLinkField,
} from './hsds';
import type { Database } from '../../db/client';
import { selectRecordsByIds, selectRecordsByParent } from './directory-queries';

const shallow = new Set<HsdsEntityType>(['organization', 'program', 'service']);
const maxDepth = 6;

/**
 * Loads everything nested under some records, one query per kind of child and level
 * (never one per record), so a page of full services costs the same few queries.
 */
export async function loadGraph(
  db: Database,
  schemas: HsdsSchemas,
  type: HsdsEntityType,
  roots: HsdsRecord[],
  options: { extras?: boolean } = {},
): Promise<HsdsDataset> {
  const dataset: HsdsDataset = new Map();
  for (const root of roots) addRecord(dataset, type, root);
  let frontier = new Map<HsdsEntityType, HsdsRecord[]>([[type, roots]]);
  for (let depth = 0; depth < maxDepth && frontier.size > 0; depth += 1) {
    const next = new Map<HsdsEntityType, HsdsRecord[]>();
    const extras = depth === 0 && options.extras;
    for (const [parentType, parents] of frontier) {
      const model = schemas.models.get(parentType);
      if (!model) continue;
      const ids = parents.map((p) => p.id);
      const lists = [...model.lists, ...(extras ? model.extras.filter((e) => e.list) : [])];
      const refs = [...model.refs, ...(extras ? model.extras.filter((e) => !e.list) : [])];
      for (const list of lists) {
        const field = parentLinkField(schemas.models, list.type, parentType);
        if (!field) continue;
        const found = await selectRecordsByParent(db, list.type, field, ids);
        collect(dataset, next, list.type, found, true);
      }
      for (const ref of refs) {
        const refIds = [...new Set(parents.flatMap((p) => idList(p[`${ref.type}_id`])))];
        if (refIds.length === 0) continue;
        const found = await selectRecordsByIds(db, ref.type, refIds);
        collect(dataset, next, ref.type, found, !shallow.has(ref.type));
      }
    }
    frontier = next;
  }
  return dataset;
}

function idList(value: unknown): string[] {
  return typeof value === 'string' ? [value] : [];
}

function collect(
  dataset: HsdsDataset,
  next: Map<HsdsEntityType, HsdsRecord[]>,
  type: HsdsEntityType,
  records: HsdsRecord[],
  descend: boolean,
): void {
  const known = dataset.get(type);
  const fresh = records.filter((r) => !known?.has(r.id));
  for (const record of fresh) addRecord(dataset, type, record);
  if (!descend || fresh.length === 0) return;
  next.set(type, [...(next.get(type) ?? []), ...fresh]);
}
