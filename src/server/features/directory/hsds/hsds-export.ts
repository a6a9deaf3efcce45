import { writeCsv } from './hsds-csv';
import { DatasetIndex, nestEntity } from './hsds-nest';
import type { HsdsSchemas } from './hsds-schemas';
import { type HsdsDataset, hsdsEntityTypes } from './hsds-types';

export type HsdsPage<T> = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
};

/** The paging block of the HSDS API around one page of contents. */
export function pageOf<T>(
  contents: T[],
  total: number,
  page: number,
  perPage: number,
): HsdsPage<T> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** Every service, fully nested, as one page (the shape of `service_list.json` with full services). */
export function buildJsonExport(
  schemas: HsdsSchemas,
  dataset: HsdsDataset,
): HsdsPage<Record<string, unknown>> {
  const index = new DatasetIndex(dataset);
  const services = index.all('service');
  const contents = services.map((service) => nestEntity(schemas.models, index, 'service', service));
  return pageOf(contents, contents.length, 1, Math.max(1, contents.length));
}

/**
 * The tabular package: one CSV file per entity type that has records, and a
 * datapackage.json describing them, from the version's definitions.
 */
export function buildCsvPackage(
  schemas: HsdsSchemas,
  dataset: HsdsDataset,
): Record<string, string> {
  const files: Record<string, string> = {};
  const written = new Set<string>();
  for (const type of hsdsEntityTypes) {
    const model = schemas.models.get(type);
    const records = [...(dataset.get(type)?.values() ?? [])];
    if (!model || records.length === 0) continue;
    files[model.csvFile] = writeCsv(model, records);
    written.add(model.csvFile);
  }
  const { datapackage } = schemas;
  const resources = datapackage.resources.filter((r) => written.has(r.path));
  files['datapackage.json'] = JSON.stringify({ ...datapackage, resources }, null, 2);
  return files;
}
