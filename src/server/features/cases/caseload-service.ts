import type {
  CaseDetail,
  CaseloadItem,
  CaseloadList,
  CaseloadQuery,
  TriageList,
  TriageQuery,
} from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden, notFound } from '../../platform/errors';
import { recordAudit } from '../audit';
import { audited, loadCaseDetail } from './case-detail';
import { requireCase } from './case-access';
import { isWaitingTooLong, stageOf } from './case-rules';
import {
  assigningSiteIds,
  canAssignCases,
  canWorkOnCases,
  caseSiteIds,
  isLinkWorkerAt,
} from './cases-policy';
import { presentAssignee, presentCaseloadItem, presentTriageItem } from './cases-presenter';
import { type CaseloadRow, selectCaseload, selectTriage } from './caseload-queries';
import { selectSiteStaff } from './site-staff-queries';

/** The queues of people's cases, refused as a whole (audited, like a refused case). */
const refusedCases = { subjectType: 'case' } as const;

export async function listTriage(
  db: Database,
  actor: Actor,
  query: TriageQuery,
): Promise<TriageList> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCases);
  const mine = caseSiteIds(actor);
  if (query.siteId && !mine.includes(query.siteId))
    throw notFound({ subjectType: 'site', subjectId: query.siteId });
  const siteIds = query.siteId ? [query.siteId] : mine;
  const rows = await selectTriage(db, siteIds, query.sort);
  const managed = assigningSiteIds(actor).filter((id) => siteIds.includes(id));
  const assignees = await selectSiteStaff(db, 'link_worker', managed);
  await recordAudit(db, actor, {
    action: 'case.triage_viewed',
    subjectType: 'case',
    details: { siteIds, count: rows.length },
  });
  return {
    items: rows.map((row) =>
      presentTriageItem(row, {
        waitingTooLong: isWaitingTooLong(row.referredAt, row.waitingThresholdDays),
        canTake: isLinkWorkerAt(actor, row.siteId),
        canAssign: canAssignCases(actor, row.siteId),
      }),
    ),
    assignees: assignees.map(presentAssignee),
  };
}

/** The next action of an open case and whether it has waited too long. */
function deriveCaseloadItem(
  row: CaseloadRow,
): Pick<CaseloadItem, 'stage' | 'nextAction' | 'nextActionOn' | 'waitingTooLong'> {
  const stage = stageOf(row);
  if (row.nextFollowUpOn && row.nextFollowUpKind) {
    return {
      stage,
      nextAction: row.nextFollowUpKind,
      nextActionOn: row.nextFollowUpOn,
      waitingTooLong: isWaitingTooLong(
        new Date(`${row.nextFollowUpOn}T00:00:00Z`),
        row.waitingThresholdDays,
      ),
    };
  }
  if (!row.firstContactAt) {
    return {
      stage,
      nextAction: 'first_contact',
      nextActionOn: row.referredAt.toISOString().slice(0, 10),
      waitingTooLong: isWaitingTooLong(row.referredAt, row.waitingThresholdDays),
    };
  }
  // Without a baseline there is no change to measure later: due from the acceptance.
  if (row.acceptedAt && !row.measuredAtBaseline) {
    return {
      stage,
      nextAction: 'baseline_measurement',
      nextActionOn: row.acceptedAt.toISOString().slice(0, 10),
      waitingTooLong: isWaitingTooLong(row.acceptedAt, row.waitingThresholdDays),
    };
  }
  return { stage, nextAction: null, nextActionOn: null, waitingTooLong: false };
}

export async function listCaseload(
  db: Database,
  actor: Actor,
  query: CaseloadQuery,
): Promise<CaseloadList> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCases);
  const siteIds = caseSiteIds(actor);
  const assignedTo =
    query.assignee === 'all' ? null : query.assignee === 'me' ? actor.accountId : query.assignee;
  const rows = await selectCaseload(db, siteIds, assignedTo);
  const assignees = await selectSiteStaff(db, 'link_worker', siteIds);
  await recordAudit(db, actor, {
    action: 'case.caseload_viewed',
    subjectType: 'case',
    details: { assignee: query.assignee, count: rows.length },
  });
  const items = rows.map((row) => presentCaseloadItem(row, deriveCaseloadItem(row)));
  // Flagged first, then the most overdue; cases without a next action last.
  items.sort(
    (a, b) =>
      Number(b.waitingTooLong) - Number(a.waitingTooLong) ||
      (a.nextActionOn ?? '9999').localeCompare(b.nextActionOn ?? '9999') ||
      a.reference.localeCompare(b.reference),
  );
  return { items, assignees: assignees.map(presentAssignee) };
}

export async function getCase(db: Database, actor: Actor, caseId: string): Promise<CaseDetail> {
  const row = await requireCase(db, actor, caseId);
  const detail = await loadCaseDetail(db, actor, row);
  await recordAudit(db, actor, audited(row, 'case.viewed'));
  return detail;
}
