import type { Database } from '../../db/client';
import {
  DatasetIndex,
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsPage,
  type HsdsRecord,
  addRecord,
  hsdsSchemasOf,
  nestEntity,
  pageOf,
} from './hsds';
import { notFound } from '../../platform/errors';
import { loadGraph } from './directory-graph';
import {
  type Paging,
  type PlaceFilters,
  type RecordPage,
  type ServiceFilters,
  type TermFilters,
  selectOrganizationPage,
  selectServiceAtLocationPage,
  selectServicePage,
  selectTaxonomyPage,
  selectTaxonomyTermPage,
} from './directory-catalogue-queries';
import { selectRecordsByIds } from './directory-queries';

/*
 * The public, read-only directory as the HSDS API presents it: anyone may read, so these
 * take no actor. Lists carry one-to-one fields; a single record comes fully nested.
 */

type Json = Record<string, unknown>;

/** A page whose records have their one-to-one neighbours (a service's organization) embedded. */
async function pageWithRefs(
  db: Database,
  found: RecordPage,
  paging: Paging,
  refs: { property: string; type: HsdsEntityType }[],
): Promise<HsdsPage<Json>> {
  const neighbours = new Map<HsdsEntityType, Map<string, HsdsRecord>>();
  for (const ref of refs) {
    const ids = [...new Set(found.records.flatMap((r) => idOf(r[`${ref.type}_id`])))];
    const records = ids.length > 0 ? await selectRecordsByIds(db, ref.type, ids) : [];
    neighbours.set(ref.type, new Map(records.map((r) => [r.id, r])));
  }
  const contents = found.records.map((record) => {
    const item: Json = { ...record };
    for (const ref of refs) {
      const neighbour = neighbours.get(ref.type)?.get(String(record[`${ref.type}_id`]));
      if (neighbour) item[ref.property] = neighbour;
    }
    return item;
  });
  return pageOf(contents, found.total, paging.page, paging.perPage);
}

function idOf(value: unknown): string[] {
  return typeof value === 'string' ? [value] : [];
}

async function fullRecord(
  db: Database,
  type: HsdsEntityType,
  id: string,
  extras = false,
): Promise<Json> {
  const [record] = await selectRecordsByIds(db, type, [id]);
  if (!record) throw notFound();
  const schemas = hsdsSchemasOf('3.1');
  const dataset = await loadGraph(db, schemas, type, [record], { extras });
  return nestEntity(schemas.models, new DatasetIndex(dataset), type, record, { extras });
}

export async function listHsdsServices(
  db: Database,
  filters: ServiceFilters,
  paging: Paging,
): Promise<HsdsPage<Json>> {
  const found = await selectServicePage(db, filters, paging);
  return pageWithRefs(db, found, paging, [
    { property: 'organization', type: 'organization' },
    { property: 'program', type: 'program' },
  ]);
}

export function readHsdsService(db: Database, id: string): Promise<Json> {
  return fullRecord(db, 'service', id);
}

export async function listHsdsOrganizations(
  db: Database,
  filters: ServiceFilters,
  paging: Paging,
): Promise<HsdsPage<Json>> {
  const found = await selectOrganizationPage(db, filters, paging);
  return pageOf(found.records, found.total, paging.page, paging.perPage);
}

/** An organization with everything under it, its services included. */
export function readHsdsOrganization(db: Database, id: string): Promise<Json> {
  return fullRecord(db, 'organization', id, true);
}

export async function listHsdsServiceAtLocations(
  db: Database,
  filters: PlaceFilters,
  paging: Paging,
): Promise<HsdsPage<Json>> {
  const found = await selectServiceAtLocationPage(db, filters, paging);
  return pageWithRefs(db, found, paging, [
    { property: 'location', type: 'location' },
    { property: 'service', type: 'service' },
  ]);
}

export function readHsdsServiceAtLocation(db: Database, id: string): Promise<Json> {
  return fullRecord(db, 'service_at_location', id, true);
}

export async function listHsdsTaxonomies(
  db: Database,
  search: string | undefined,
  paging: Paging,
): Promise<HsdsPage<Json>> {
  const found = await selectTaxonomyPage(db, search, paging);
  return pageOf(found.records, found.total, paging.page, paging.perPage);
}

export async function readHsdsTaxonomy(db: Database, id: string): Promise<Json> {
  const [record] = await selectRecordsByIds(db, 'taxonomy', [id]);
  if (!record) throw notFound();
  return record;
}

export async function listHsdsTaxonomyTerms(
  db: Database,
  filters: TermFilters,
  paging: Paging,
): Promise<HsdsPage<Json>> {
  const found = await selectTaxonomyTermPage(db, filters, paging);
  return pageOf(await withTaxonomies(db, found.records), found.total, paging.page, paging.perPage);
}

export async function readHsdsTaxonomyTerm(db: Database, id: string): Promise<Json> {
  const [record] = await selectRecordsByIds(db, 'taxonomy_term', [id]);
  if (!record) throw notFound();
  const [term] = await withTaxonomies(db, [record]);
  return term ?? record;
}

/** Terms with their taxonomy embedded as `taxonomy_detail`, in one query for the page. */
async function withTaxonomies(db: Database, terms: HsdsRecord[]): Promise<Json[]> {
  const ids = [...new Set(terms.flatMap((t) => idOf(t.taxonomy_id)))];
  const dataset: HsdsDataset = new Map();
  for (const taxonomy of ids.length > 0 ? await selectRecordsByIds(db, 'taxonomy', ids) : []) {
    addRecord(dataset, 'taxonomy', taxonomy);
  }
  const index = new DatasetIndex(dataset);
  const { models } = hsdsSchemasOf('3.1');
  return terms.map((term) => nestEntity(models, index, 'taxonomy_term', term));
}
