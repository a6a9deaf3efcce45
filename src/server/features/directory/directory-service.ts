import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import {
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsFile,
  type HsdsIssue,
  type HsdsPage,
  type HsdsRecord,
  type HsdsVersion,
  buildCsvPackage,
  buildJsonExport,
  countRecords,
  hsdsEntityTypes,
  hsdsSchemasOf,
  readHsdsFiles,
} from './hsds';
import { type Locale, defaultLocale } from '../../../shared/locale';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { AppError, forbidden } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { recordAudit } from '../audit';
import { refreshSearchDocuments } from '../search';
import { canManageDirectory } from './directory-policy';
import { suggestTermCategories } from './term-categories-service';
import {
  selectAllRecords,
  selectRecordsByIds,
  updateReferralStatusFromCapacities,
  upsertRecords,
} from './directory-queries';
import { type ChangeCounts, diffRecords, programmeAuthor } from './directory-rules';
import { datasetLimitIssues, unknownOrganizationIssues } from './directory-limits';

/** The command line acts as the installation itself: whoever runs it already holds the database. */
export type SystemCaller = { accountId: null; origin: RequestOrigin; label: string };
export type DirectoryCaller = Actor | SystemCaller;

export type ImportPhase = 'read' | 'write';
/** What a step of an import concerns: the file just read (with its records), or the table just written. */
export type ImportStep = { file?: string; records?: number; type?: HsdsEntityType };
export type ImportProgress = (
  done: number,
  total: number,
  phase: ImportPhase,
  step?: ImportStep,
) => void;

export type ImportReport = {
  status: 'imported' | 'rejected';
  version: HsdsVersion;
  records: number;
  changes: Partial<Record<HsdsEntityType, ChangeCounts>>;
  issues: HsdsIssue[];
  termCategories?: { suggested: number; undecided: number };
};

/** Records written between two progress reports. */
const writeSlice = 2000;

function authorize(caller: DirectoryCaller): void {
  if ('grants' in caller && !canManageDirectory(caller)) throw forbidden();
}

/** Who HSDS metadata names: public through /hsds, so the programme, never an account. */
function nameOf(caller: DirectoryCaller): string {
  return 'grants' in caller ? programmeAuthor : caller.label;
}

/**
 * Imports an HSDS dataset: every record is checked against the version's definitions, then
 * Passerelle's limits (the words of these in `locale`) and a service's organization is one
 * the dataset or the directory has; any bad record rejects the whole import and nothing is written. A good import is one
 * transaction that upserts by HSDS id and records each change as HSDS metadata.
 */
export async function importDirectory(
  db: Database,
  caller: DirectoryCaller,
  input: { files: HsdsFile[]; version?: HsdsVersion | undefined; locale?: Locale },
  onProgress: ImportProgress = () => undefined,
): Promise<ImportReport> {
  authorize(caller);
  if (input.files.length === 0) throw new AppError('directory_import_empty', { field: 'files' });
  const version = input.version ?? versionOf(input.files);
  const schemas = hsdsSchemasOf(version);
  const read = readHsdsFiles(schemas, input.files, (done, total, file) =>
    onProgress(done, total, 'read', { file: file.name, records: file.records }),
  );
  const t = translatorFor(input.locale ?? defaultLocale);
  read.issues.push(
    ...datasetLimitIssues(read, t),
    ...(await unknownOrganizationIssues(db, read, t)),
  );
  const report: ImportReport = {
    status: 'rejected',
    version,
    records: read.records,
    changes: {},
    issues: read.issues,
  };
  if (read.issues.length === 0 && countRecords(read.dataset) === 0) {
    throw new AppError('directory_import_empty', { field: 'files' });
  }
  if (read.issues.length > 0) {
    await recordAudit(db, caller, {
      action: 'directory.import_rejected',
      outcome: 'failure',
      subjectType: 'directory',
      details: { version, files: input.files.length, issues: read.issues.length },
    });
    return report;
  }
  report.changes = await db.transaction(async (tx) => {
    const changes = await writeDataset(tx, read.dataset, nameOf(caller), onProgress);
    report.termCategories = await suggestTermCategories(tx);
    await refreshSearchDocuments(tx, [...(read.dataset.get('service')?.keys() ?? [])]);
    await recordAudit(tx, caller, {
      action: 'directory.imported',
      subjectType: 'directory',
      details: { version, files: input.files.length, records: read.records, changes },
    });
    return changes;
  });
  report.status = 'imported';
  return report;
}

/**
 * The one write path of the directory, for imports and approved changes alike: upserts by
 * HSDS id, records each creation and changed field as HSDS metadata, and lets referral
 * status follow published capacities. Search documents are the caller's to refresh.
 */
export async function writeDataset(
  db: Database,
  dataset: HsdsDataset,
  by: string,
  onProgress: ImportProgress = () => undefined,
): Promise<ImportReport['changes']> {
  const total = countRecords(dataset);
  const stamp = { by, at: new Date().toISOString(), newId: randomUUID };
  const changes: ImportReport['changes'] = {};
  const history: HsdsRecord[] = [];
  let done = 0;
  for (const type of hsdsEntityTypes) {
    const records = [...(dataset.get(type)?.values() ?? [])];
    if (records.length === 0) continue;
    const counts = { created: 0, updated: 0, unchanged: 0 };
    // In slices, so a table of 100k services reports its progress as it goes.
    for (let i = 0; i < records.length; i += writeSlice) {
      const slice = records.slice(i, i + writeSlice);
      const stored = await selectRecordsByIds(
        db,
        type,
        slice.map((r) => r.id),
      );
      const diff = diffRecords(type, slice, new Map(stored.map((r) => [r.id, r])), stamp);
      await upsertRecords(db, type, diff.write);
      history.push(...diff.history);
      counts.created += diff.created;
      counts.updated += diff.updated;
      counts.unchanged += diff.unchanged;
      done += slice.length;
      onProgress(done, total, 'write', { type, records: slice.length });
    }
    changes[type] = counts;
  }
  await upsertRecords(db, 'metadata', history);
  await updateReferralStatusFromCapacities(db, [...(dataset.get('service')?.keys() ?? [])]);
  return changes;
}

/** A package that says it is 3.0 is read as 3.0; anything else as 3.1, which 3.0 feeds also satisfy. */
function versionOf(files: HsdsFile[]): HsdsVersion {
  const datapackage = files.find((f) => f.name.toLowerCase().endsWith('datapackage.json'));
  if (!datapackage) return '3.1';
  try {
    const parsed: unknown = JSON.parse(datapackage.content);
    const version =
      typeof parsed === 'object' && parsed && 'version' in parsed ? parsed.version : '';
    return typeof version === 'string' && version.startsWith('3.0') ? '3.0' : '3.1';
  } catch {
    return '3.1';
  }
}

async function loadDataset(db: Database): Promise<HsdsDataset> {
  const dataset: HsdsDataset = new Map();
  for (const type of hsdsEntityTypes) {
    const records = await selectAllRecords(db, type);
    if (records.length > 0) dataset.set(type, new Map(records.map((r) => [r.id, r])));
  }
  return dataset;
}

/** The whole directory as HSDS 3.1 JSON: a page of fully nested services. */
export async function exportDirectoryJson(
  db: Database,
  caller: DirectoryCaller,
): Promise<HsdsPage<Record<string, unknown>>> {
  authorize(caller);
  const page = buildJsonExport(hsdsSchemasOf('3.1'), await loadDataset(db));
  await recordExport(db, caller, 'json', page.total_items);
  return page;
}

/** The whole directory as the HSDS 3.1 tabular package: file name to content. */
export async function exportDirectoryCsv(
  db: Database,
  caller: DirectoryCaller,
): Promise<Record<string, string>> {
  authorize(caller);
  const dataset = await loadDataset(db);
  const files = buildCsvPackage(hsdsSchemasOf('3.1'), dataset);
  await recordExport(db, caller, 'csv', dataset.get('service')?.size ?? 0);
  return files;
}

async function recordExport(
  db: Database,
  caller: DirectoryCaller,
  format: 'json' | 'csv',
  services: number,
): Promise<void> {
  await recordAudit(db, caller, {
    action: 'directory.exported',
    subjectType: 'directory',
    details: { format, services },
  });
}
