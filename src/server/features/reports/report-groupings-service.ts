import type {
  CreateReportGroupingBody,
  ReportGrouping,
  ReportGroupingList,
  UpdateReportGroupingBody,
} from '../../../shared/contracts/report-groupings';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import {
  type GroupingRow,
  countExistingSites,
  deleteGrouping,
  findGrouping,
  insertGrouping,
  lockGroupings,
  replaceGroupingSites,
  selectGroupings,
  updateGroupingAtVersion,
} from './report-groupings-queries';
import { canManageGroupings } from './reports-policy';

function authorize(actor: Actor): void {
  if (!canManageGroupings(actor)) throw forbidden();
}

function presentGrouping(row: GroupingRow): ReportGrouping {
  return {
    id: row.id,
    name: row.name,
    siteIds: row.site_ids,
    sites: row.site_ids
      .map((id, index) => ({ id, name: row.site_names[index] ?? '' }))
      .toSorted((a, b) => a.name.localeCompare(b.name)),
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listGroupings(db: Database, actor: Actor): Promise<ReportGroupingList> {
  authorize(actor);
  return { items: (await selectGroupings(db)).map(presentGrouping) };
}

const sameSites = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.toSorted().every((id, index) => id === b.toSorted()[index]);

/**
 * A grouping is one more fixed scope: its sites must exist, and neither its name nor its
 * exact sites may be another grouping's (a second name for the same sites adds nothing).
 */
async function checkGrouping(
  tx: Database,
  id: string | null,
  name: string,
  siteIds: readonly string[],
): Promise<void> {
  if ((await countExistingSites(tx, siteIds)) !== siteIds.length) {
    throw new AppError('not_found', { field: 'siteIds' });
  }
  const others = (await selectGroupings(tx)).filter((row) => row.id !== id);
  const taken = others.some(
    (row) =>
      row.name.toLocaleLowerCase() === name.toLocaleLowerCase() || sameSites(row.site_ids, siteIds),
  );
  if (taken) throw new AppError('report_grouping_exists');
}

async function loadGrouping(tx: Database, id: string): Promise<GroupingRow> {
  const row = await findGrouping(tx, id);
  if (!row) throw notFound();
  return row;
}

export async function createGrouping(
  db: Database,
  actor: Actor,
  input: CreateReportGroupingBody,
): Promise<ReportGrouping> {
  authorize(actor);
  return db.transaction(async (tx) => {
    await lockGroupings(tx);
    await checkGrouping(tx, null, input.name, input.siteIds);
    const id = await insertGrouping(tx, input.name);
    await replaceGroupingSites(tx, id, input.siteIds);
    await recordAudit(tx, actor, {
      action: 'report_grouping.created',
      subjectType: 'report_grouping',
      subjectId: id,
      details: { name: input.name, siteIds: input.siteIds },
    });
    return presentGrouping(await loadGrouping(tx, id));
  });
}

export async function updateGrouping(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateReportGroupingBody,
): Promise<ReportGrouping> {
  authorize(actor);
  return db.transaction(async (tx) => {
    await lockGroupings(tx);
    const current = await loadGrouping(tx, id);
    const siteIds = input.siteIds ?? current.site_ids;
    await checkGrouping(tx, id, input.name ?? current.name, siteIds);
    if (!(await updateGroupingAtVersion(tx, id, input.version, input.name))) throw staleVersion();
    if (input.siteIds) await replaceGroupingSites(tx, id, input.siteIds);
    await recordAudit(tx, actor, {
      action: 'report_grouping.updated',
      subjectType: 'report_grouping',
      subjectId: id,
      details: { name: input.name ?? current.name, siteIds },
    });
    return presentGrouping(await loadGrouping(tx, id));
  });
}

export async function removeGrouping(db: Database, actor: Actor, id: string): Promise<void> {
  authorize(actor);
  await db.transaction(async (tx) => {
    const current = await loadGrouping(tx, id);
    if (!(await deleteGrouping(tx, id))) throw notFound();
    await recordAudit(tx, actor, {
      action: 'report_grouping.deleted',
      subjectType: 'report_grouping',
      subjectId: id,
      details: { name: current.name, siteIds: current.site_ids },
    });
  });
}
