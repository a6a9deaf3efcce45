import type { TFunction } from 'i18next';
import { directoryLimits, directoryRecordLimits } from '../../../shared/contracts/directory-limits';
import type { Database } from '../../db/client';
import { describeFieldIssue } from '../../platform/validation';
import {
  type HsdsEntityType,
  type HsdsIssue,
  type HsdsRecord,
  type ReadResult,
  originKey,
} from './hsds';
import { selectRecordsByIds } from './directory-queries';

type FieldIssue = { field: string; reason: string };

/**
 * What one record holds beyond Passerelle's limits (contracts/directory-limits.ts), for
 * imports and change requests alike: its entity's own rules, then any other text past `textLength`.
 */
export function recordLimitIssues(
  type: HsdsEntityType,
  record: Record<string, unknown>,
  t: TFunction,
): FieldIssue[] {
  const result = directoryRecordLimits[type]?.safeParse(record);
  const issues: FieldIssue[] = (result?.error?.issues ?? []).map((issue) => ({
    field: String(issue.path.at(-1) ?? ''),
    reason: describeFieldIssue(issue, t),
  }));
  for (const [field, value] of Object.entries(record)) {
    if (directoryLimits.shapeFields.includes(field)) continue;
    if (issues.some((found) => found.field === field)) continue;
    if (typeof value === 'string' && value.length > directoryLimits.textLength) {
      issues.push({ field, reason: t('field.too_long', { maximum: directoryLimits.textLength }) });
    }
  }
  return issues;
}

/** Every record of a dataset read for import, checked against the limits, where it was read. */
export function datasetLimitIssues(read: ReadResult, t: TFunction): HsdsIssue[] {
  const issues: HsdsIssue[] = [];
  for (const [type, records] of read.dataset) {
    for (const record of records.values()) {
      for (const found of recordLimitIssues(type, record, t)) {
        issues.push({ ...originOf(read, type, record), ...found });
      }
    }
  }
  return issues;
}

/** Services naming an organization neither the dataset nor the directory has. */
export async function unknownOrganizationIssues(
  db: Database,
  read: ReadResult,
  t: TFunction,
): Promise<HsdsIssue[]> {
  const inDataset = read.dataset.get('organization') ?? new Map<string, HsdsRecord>();
  const services = [...(read.dataset.get('service')?.values() ?? [])].flatMap((service) => {
    const id = service.organization_id;
    return typeof id === 'string' && !inDataset.has(id) ? [{ service, id }] : [];
  });
  if (services.length === 0) return [];
  const wanted = [...new Set(services.map((s) => s.id))];
  const stored = new Set((await selectRecordsByIds(db, 'organization', wanted)).map((r) => r.id));
  return services
    .filter(({ id }) => !stored.has(id))
    .map(({ service, id }) => ({
      ...originOf(read, 'service', service),
      field: 'organization_id',
      reason: t('field.organization_unknown', { id }),
    }));
}

function originOf(read: ReadResult, type: HsdsEntityType, record: HsdsRecord) {
  return read.origins.get(originKey(type, record.id)) ?? { file: '' };
}
