import type { HsdsEntityType, HsdsRecord } from './hsds';

export type ChangeCounts = { created: number; updated: number; unchanged: number };
export type ChangeSet = ChangeCounts & { write: HsdsRecord[]; history: HsdsRecord[] };
export type HistoryStamp = { by: string; at: string; newId: () => string };

/*
 * Who HSDS metadata says made a change. That history is public through /hsds, so it names
 * the partner organisation and the programme, never an account: the audit trail and the
 * change request keep who.
 */
export const programmeAuthor = 'programme';

export function approvedPartnerAuthor(organizationName: string | null): string {
  return `${organizationName ? `${organizationName} (partner)` : 'partner'}, approved by the programme`;
}

const accountById = 'account [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** An author as it may be published: histories stored before named accounts by id. */
export function publishedAuthor(updatedBy: string): string {
  return updatedBy
    .replace(new RegExp(`approved by ${accountById}`, 'g'), 'approved by the programme')
    .replace(new RegExp(`^(.+), ${accountById}, approved`), '$1 (partner), approved')
    .replace(new RegExp(`^${accountById}, approved`), 'partner, approved')
    .replace(new RegExp(accountById, 'g'), programmeAuthor);
}

/**
 * Compares imported records with the stored ones. A changed record replaces the stored
 * one, except that links to parents (`*_id`) an import leaves out are kept, so importing
 * one table of a package does not detach its rows. Each creation and each changed field
 * becomes an HSDS metadata record.
 */
export function diffRecords(
  type: HsdsEntityType,
  incoming: Iterable<HsdsRecord>,
  stored: Map<string, HsdsRecord>,
  stamp: HistoryStamp,
): ChangeSet {
  const changes: ChangeSet = { created: 0, updated: 0, unchanged: 0, write: [], history: [] };
  const keepsHistory = type !== 'metadata';
  for (const record of incoming) {
    const before = stored.get(record.id);
    if (!before) {
      changes.created += 1;
      changes.write.push(record);
      if (keepsHistory)
        changes.history.push(historyRecord(type, record.id, 'create', 'id', '', record.id, stamp));
      continue;
    }
    const after = keepLinks(before, record);
    const fields = changedFields(before, after);
    if (fields.length === 0) {
      changes.unchanged += 1;
      continue;
    }
    changes.updated += 1;
    changes.write.push(after);
    if (!keepsHistory) continue;
    for (const field of fields) {
      changes.history.push(
        historyRecord(
          type,
          record.id,
          'update',
          field,
          show(before[field]),
          show(after[field]),
          stamp,
        ),
      );
    }
  }
  return changes;
}

function keepLinks(before: HsdsRecord, after: HsdsRecord): HsdsRecord {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(before)) {
    if (key.endsWith('_id') && after[key] === undefined) kept[key] = value;
  }
  return { ...kept, ...after };
}

export function changedFields(before: HsdsRecord, after: HsdsRecord): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => show(before[key]) !== show(after[key])).sort();
}

/** HSDS metadata values are text: strings as they are, anything else as JSON, absent as empty. */
function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function historyRecord(
  type: HsdsEntityType,
  resourceId: string,
  action: 'create' | 'update',
  field: string,
  previous: string,
  replacement: string,
  stamp: HistoryStamp,
): HsdsRecord {
  return {
    id: stamp.newId(),
    resource_id: resourceId,
    resource_type: type,
    last_action_date: stamp.at,
    last_action_type: action,
    field_name: field,
    previous_value: previous,
    replacement_value: replacement,
    updated_by: stamp.by,
  };
}
