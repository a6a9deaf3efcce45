import {
  type ReassignCasesBody,
  type ReassignCasesResult,
  reassignedReason,
} from '../../../shared/contracts/cases';
import type { CaseStatus } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import { audited } from './case-detail';
import { refusedCase } from './case-access';
import { assertCaseTransition, isClosed } from './case-rules';
import { canAssignCases, canWorkOnCaseAt, canWorkOnCases } from './cases-policy';
import { selectCasesForUpdate } from './caseload-queries';
import { type CaseRow, insertCaseEvent, updateCaseAtVersion } from './cases-queries';
import { selectSiteStaff } from './site-staff-queries';

/**
 * Gives a case to a link worker and writes its history line: a new case becomes assigned; a
 * case that changes hands keeps its status, with 'reassigned' as the line's reason. The
 * caller has checked who may, the version and that the link worker works at the site.
 */
export async function recordAssignment(
  tx: Database,
  actor: Actor,
  row: CaseRow,
  version: number,
  accountId: string,
  details: Record<string, unknown> = {},
): Promise<CaseRow> {
  const to: CaseStatus = row.status === 'new' ? 'assigned' : row.status;
  if (to !== row.status) assertCaseTransition(row.status, to);
  const updated = await updateCaseAtVersion(tx, row.id, version, {
    status: to,
    assignedTo: accountId,
  });
  if (!updated) throw staleVersion();
  if (to !== row.status || row.assignedTo !== accountId) {
    await insertCaseEvent(tx, {
      caseId: row.id,
      fromStatus: row.status,
      toStatus: to,
      reason: to === row.status ? reassignedReason : null,
      actorId: actor.accountId,
    });
  }
  await recordAudit(
    tx,
    actor,
    audited(row, 'case.assigned', { assignedTo: accountId, previous: row.assignedTo, ...details }),
  );
  return updated;
}

/**
 * A site manager hands several open cases to one link worker of their site, all or none:
 * one transaction, each case audited with its history line. One case the caller may not
 * reassign (another site's, closed, changed since it was read) refuses the whole request.
 */
export async function reassignCases(
  db: Database,
  actor: Actor,
  input: ReassignCasesBody,
): Promise<ReassignCasesResult> {
  const first = input.cases[0]?.id ?? null;
  if (!canWorkOnCases(actor)) throw forbidden(first ? refusedCase(first) : undefined);
  const versions = new Map(input.cases.map((c) => [c.id, c.version]));
  return db.transaction(async (tx) => {
    const rows = await selectCasesForUpdate(tx, [...versions.keys()]);
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const id of versions.keys()) {
      const row = found.get(id);
      if (!row || !canWorkOnCaseAt(actor, row.siteId)) {
        throw notFound(refusedCase(id, row?.siteId ?? null));
      }
      if (!canAssignCases(actor, row.siteId)) throw forbidden(refusedCase(id, row.siteId));
      if (isClosed(row.status)) throw new AppError('case_closed');
      if (row.version !== versions.get(id)) throw staleVersion();
    }
    const siteIds = [...new Set(rows.map((row) => row.siteId))];
    const linkWorkers = await selectSiteStaff(tx, 'link_worker', siteIds);
    for (const row of rows) {
      const worksThere = linkWorkers.some(
        (w) => w.accountId === input.accountId && w.siteId === row.siteId,
      );
      if (!worksThere) throw new AppError('not_found', { field: 'accountId' });
    }
    for (const row of rows) {
      await recordAssignment(tx, actor, row, row.version, input.accountId, {
        together: rows.length,
      });
    }
    return { reassigned: rows.length };
  });
}
