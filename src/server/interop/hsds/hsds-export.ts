import { writeCsv } from './hsds-csv';
import { DatasetIndex, nestEntity } from './hsds-nest';
import type { HsdsSchemas } from './hsds-schemas';
import { type HsdsDataset, hsdsEntityTypes, isObject } from './hsds-types';

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
 * datapackage.json describing them, taken from the official one of the version.
 */
export function buildCsvPackage(
  schemas: HsdsSchemas,
  dataset: HsdsDataset,
  officialDatapackage: unknown,
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
  files['datapackage.json'] = JSON.stringify(
    describePackage(officialDatapackage, written),
    null,
    2,
  );
  return files;
}

function describePackage(official: unknown, written: Set<string>): Record<string, unknown> {
  const base = isObject(official) ? official : {};
  const resources = Array.isArray(base.resources) ? base.resources : [];
  return {
    ...base,
    resources: resources.filter(
      (r) => isObject(r) && typeof r.path === 'string' && written.has(r.path),
    ),
  };
}
