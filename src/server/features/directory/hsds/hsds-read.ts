import { entityTypeOfCsv, parseCsv, typeCells } from './hsds-csv';
import { flattenEntity } from './hsds-flatten';
import type { HsdsValidator, SchemaIssue } from './hsds-schemas';
import {
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsFile,
  type HsdsIssue,
  type HsdsRecord,
  addRecord,
  hsdsEntityTypes,
  isObject,
} from './hsds-types';

export type ReadResult = { dataset: HsdsDataset; issues: HsdsIssue[]; records: number };

/** After each file: how many files are read, and what this one held (records read and checked). */
type Progress = (done: number, total: number, file: { name: string; records: number }) => void;

/**
 * Reads an HSDS dataset from files (nested JSON, the CSV tabular package, or both) and
 * checks every record against the HSDS definitions. Nothing is written here: a caller
 * writes only when `issues` is empty.
 */
export function readHsdsFiles(
  schemas: HsdsValidator,
  files: HsdsFile[],
  onProgress: Progress = () => undefined,
): ReadResult {
  const dataset: HsdsDataset = new Map();
  const issues: HsdsIssue[] = [];
  let records = 0;
  files.forEach((file, i) => {
    const lower = file.name.toLowerCase();
    if (lower.endsWith('datapackage.json')) return;
    let read = 0;
    if (lower.endsWith('.csv')) read = readCsvFile(schemas, file, dataset, issues);
    else if (lower.endsWith('.json')) read = readJsonFile(schemas, file, dataset, issues);
    else issues.push({ file: file.name, field: '', reason: 'not a .json or .csv file' });
    records += read;
    onProgress(i + 1, files.length, { name: file.name, records: read });
  });
  return { dataset, issues, records };
}

function readCsvFile(
  schemas: HsdsValidator,
  file: HsdsFile,
  dataset: HsdsDataset,
  issues: HsdsIssue[],
): number {
  const type = entityTypeOfCsv(schemas.models, file.name);
  const model = type ? schemas.models.get(type) : undefined;
  if (!type || !model) {
    issues.push({ file: file.name, field: '', reason: 'not a file of the HSDS tabular package' });
    return 0;
  }
  const { rows, error } = parseCsv(model, file.content);
  if (error) issues.push({ file: file.name, field: '', reason: error });
  addRows(schemas, type, file.name, rows, dataset, issues);
  return rows.length;
}

function addRows(
  schemas: HsdsValidator,
  type: HsdsEntityType,
  fileName: string,
  rows: { row: number; value: Record<string, unknown>; path?: string }[],
  dataset: HsdsDataset,
  issues: HsdsIssue[],
): void {
  const seen = new Map<string, number>();
  for (const { row, value, path } of rows) {
    const found = tabularIssues(schemas, type, value);
    for (const issue of found) {
      issues.push({
        file: fileName,
        row,
        ...(path ? { path } : {}),
        field: issue.field,
        reason: issue.reason,
      });
    }
    if (found.length > 0 || typeof value.id !== 'string') continue;
    const first = seen.get(value.id);
    if (first !== undefined) {
      issues.push({ file: fileName, row, field: 'id', reason: `same id as row ${first}` });
      continue;
    }
    seen.set(value.id, row);
    addRecord(dataset, type, { ...value, id: value.id } satisfies HsdsRecord);
  }
}

function readJsonFile(
  schemas: HsdsValidator,
  file: HsdsFile,
  dataset: HsdsDataset,
  issues: HsdsIssue[],
): number {
  let value: unknown;
  try {
    value = JSON.parse(file.content);
  } catch (error) {
    issues.push({ file: file.name, field: '', reason: `not valid JSON: ${String(error)}` });
    return 0;
  }
  if (isTabular(value)) return readTabularJson(schemas, file.name, value, dataset, issues);
  const items = Array.isArray(value)
    ? value.map((item, i) => ({ item, path: `/${i}` }))
    : isObject(value) && Array.isArray(value.contents)
      ? value.contents.map((item: unknown, i) => ({ item, path: `/contents/${i}` }))
      : [{ item: value, path: '' }];
  let count = 0;
  for (const { item, path } of items) {
    if (!isObject(item)) {
      issues.push({ file: file.name, path, field: '', reason: 'must be an object' });
      continue;
    }
    if (isApiDescription(item)) continue;
    const type = entityTypeOf(file.name, item);
    const found = validateTree(schemas, type, item, path);
    for (const issue of found) issues.push({ file: file.name, ...issue });
    if (found.length === 0) flattenEntity(schemas.models, dataset, type, item);
    count += 1;
  }
  return count;
}

/** The entity schemas leave the nestings the compiled schemas add (an organization's services) unchecked. */
function validateTree(
  schemas: HsdsValidator,
  type: HsdsEntityType,
  value: Record<string, unknown>,
  path: string,
): Omit<HsdsIssue, 'file'>[] {
  const issues: Omit<HsdsIssue, 'file'>[] = schemas
    .validate(type, value)
    .map((issue) => ({ path: `${path}${issue.path}`, field: issue.field, reason: issue.reason }));
  for (const extra of schemas.models.get(type)?.extras ?? []) {
    const nested = value[extra.property];
    const children = extra.list && Array.isArray(nested) ? nested : [nested];
    children.forEach((child: unknown, i) => {
      if (!isObject(child)) return;
      const where = extra.list ? `${path}/${extra.property}/${i}` : `${path}/${extra.property}`;
      issues.push(...validateTree(schemas, extra.type, child, where));
    });
  }
  return issues;
}

/** In a table an embedded entity is its id: a capacity names its unit by `unit_id`. */
export function tabularIssues(
  schemas: HsdsValidator,
  type: HsdsEntityType,
  value: Record<string, unknown>,
): SchemaIssue[] {
  const refs = schemas.models.get(type)?.refs ?? [];
  return schemas
    .validate(type, value)
    .filter(
      (issue) =>
        !refs.some(
          (ref) =>
            ref.property === issue.field &&
            value[ref.property] === undefined &&
            value[`${ref.type}_id`] !== undefined,
        ),
    );
}

/** `tabular.json`: the CSV package as one JSON object of file name to rows. */
function isTabular(value: unknown): value is Record<string, unknown[]> {
  return (
    isObject(value) &&
    Object.keys(value).length > 0 &&
    Object.entries(value).every(([k, v]) => k.endsWith('.csv') && Array.isArray(v))
  );
}

function readTabularJson(
  schemas: HsdsValidator,
  fileName: string,
  value: Record<string, unknown[]>,
  dataset: HsdsDataset,
  issues: HsdsIssue[],
): number {
  let count = 0;
  for (const [csvName, rows] of Object.entries(value)) {
    const type = entityTypeOfCsv(schemas.models, csvName);
    if (!type) {
      issues.push({
        file: fileName,
        path: `/${csvName}`,
        field: '',
        reason: 'not a table of HSDS',
      });
      continue;
    }
    const model = schemas.models.get(type);
    if (!model) continue;
    // Its cells stand for CSV cells, so they are typed the way a CSV file's are.
    const typed = rows.map((row, i) => ({
      row: i + 1,
      path: `/${csvName}/${i}`,
      value: typeCells(model, isObject(row) ? row : {}),
    }));
    addRows(schemas, type, fileName, typed, dataset, issues);
    count += rows.length;
  }
  return count;
}

/** The API's root document (`base.json`): a description, not a record. */
function isApiDescription(value: Record<string, unknown>): boolean {
  return value.id === undefined && typeof value.openapi_url === 'string';
}

/** The entity a nested JSON document holds: from its file name when it says, else from its fields. */
export function entityTypeOf(fileName: string, value: Record<string, unknown>): HsdsEntityType {
  const hinted = entityTypeOfFileName(fileName);
  if (hinted) return hinted;
  if ('status' in value) return 'service';
  if ('location_type' in value) return 'location';
  if (
    'service' in value ||
    'location' in value ||
    ('service_id' in value && 'location_id' in value)
  ) {
    return 'service_at_location';
  }
  if (['taxonomy_detail', 'taxonomy_id', 'term_uri', 'parent_id', 'code'].some((k) => k in value)) {
    return 'taxonomy_term';
  }
  const taxonomyKeys = ['id', 'name', 'description', 'uri', 'version', 'metadata'];
  if (
    Object.keys(value).every((k) => taxonomyKeys.includes(k)) &&
    ('uri' in value || 'version' in value)
  ) {
    return 'taxonomy';
  }
  return 'organization';
}

const byLongestName = [...hsdsEntityTypes].sort((a, b) => b.length - a.length);

/** `service_full.json`, `taxonomies.json`, `our_services.json`: the name says what the file holds. */
function entityTypeOfFileName(fileName: string): HsdsEntityType | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .toLowerCase()
    .replace(/\.json$/, '')
    .replace(/_(full|list|package)$/, '');
  return byLongestName.find((type) => {
    const names = [type, `${type}s`, type.replace(/y$/, 'ies')];
    return names.some((name) => base === name || base.endsWith(`_${name}`));
  });
}
