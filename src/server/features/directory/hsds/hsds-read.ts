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

/** Where a record was read: its file, and its CSV row or the JSON path of the item that held it. */
export type RecordOrigin = Omit<HsdsIssue, 'field' | 'reason'>;
export type RecordOrigins = Map<string, RecordOrigin>;

export function originKey(type: HsdsEntityType, id: string): string {
  return `${type} ${id}`;
}

export type ReadResult = {
  dataset: HsdsDataset;
  issues: HsdsIssue[];
  records: number;
  /** By `originKey`, so checks made after reading can say where a record was. */
  origins: RecordOrigins;
};

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
  const origins: RecordOrigins = new Map();
  const into = { dataset, issues, origins };
  let records = 0;
  files.forEach((file, i) => {
    const lower = file.name.toLowerCase();
    if (lower.endsWith('datapackage.json')) return;
    let read = 0;
    if (lower.endsWith('.csv')) read = readCsvFile(schemas, file, into);
    else if (lower.endsWith('.json')) read = readJsonFile(schemas, file, into);
    else issues.push({ file: file.name, field: '', reason: 'not a .json or .csv file' });
    records += read;
    onProgress(i + 1, files.length, { name: file.name, records: read });
  });
  return { dataset, issues, records, origins };
}

/** What reading fills in. */
type Into = Pick<ReadResult, 'dataset' | 'issues' | 'origins'>;

function readCsvFile(schemas: HsdsValidator, file: HsdsFile, into: Into): number {
  const { issues } = into;
  const type = entityTypeOfCsv(schemas.models, file.name);
  const model = type ? schemas.models.get(type) : undefined;
  if (!type || !model) {
    issues.push({ file: file.name, field: '', reason: 'not a file of the HSDS tabular package' });
    return 0;
  }
  const { rows, error } = parseCsv(model, file.content);
  if (error) issues.push({ file: file.name, field: '', reason: error });
  addRows(schemas, type, file.name, rows, into);
  return rows.length;
}

function addRows(
  schemas: HsdsValidator,
  type: HsdsEntityType,
  fileName: string,
  rows: { row: number; value: Record<string, unknown>; path?: string }[],
  { dataset, issues, origins }: Into,
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
    origins.set(originKey(type, value.id), { file: fileName, row, ...(path ? { path } : {}) });
  }
}

function readJsonFile(schemas: HsdsValidator, file: HsdsFile, into: Into): number {
  const { issues } = into;
  let value: unknown;
  try {
    value = JSON.parse(file.content);
  } catch (error) {
    issues.push({ file: file.name, field: '', reason: `not valid JSON: ${String(error)}` });
    return 0;
  }
  if (isTabular(value)) return readTabularJson(schemas, file.name, value, into);
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
    if (found.length === 0) addEntity(schemas, type, item, { file: file.name, path }, into);
    count += 1;
  }
  return count;
}

/** Flattens one nested entity, noting where each of its records came from. */
function addEntity(
  schemas: HsdsValidator,
  type: HsdsEntityType,
  item: Record<string, unknown>,
  origin: RecordOrigin,
  { dataset, origins }: Into,
): void {
  const own: HsdsDataset = new Map();
  flattenEntity(schemas.models, own, type, item);
  for (const [entity, records] of own) {
    for (const record of records.values()) {
      addRecord(dataset, entity, record);
      origins.set(originKey(entity, record.id), origin);
    }
  }
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
  into: Into,
): number {
  const { issues } = into;
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
    addRows(schemas, type, fileName, typed, into);
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
