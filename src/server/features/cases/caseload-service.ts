import type {
  CaseDetail,
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
import { isWaitingTooLong, nextActionOf, stageOf } from './case-rules';
import {
  assigningSiteIds,
  canAssignCases,
  canWorkOnCases,
  caseSiteIds,
  isLinkWorkerAt,
} from './cases-policy';
import { presentAssignee, presentCaseloadItem, presentTriageItem } from './cases-presenter';
import { caseloadBound, selectCaseload, selectTriage } from './caseload-queries';
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

export async function listCaseload(
  db: Database,
  actor: Actor,
  query: CaseloadQuery,
  now: Date = new Date(),
): Promise<CaseloadList> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCases);
  const siteIds = caseSiteIds(actor);
  const assignedTo =
    query.assignee === 'all' ? null : query.assignee === 'me' ? actor.accountId : query.assignee;
  const found = await selectCaseload(db, siteIds, {
    assignedTo,
    stage: query.stage,
    flag: query.flag,
    due: query.due,
    sort: query.sort,
    now,
  });
  // One row past the bound says there are more: the answer says so rather than hide them.
  const truncated = found.length > caseloadBound;
  const rows = found.slice(0, caseloadBound);
  const assignees = await selectSiteStaff(db, 'link_worker', siteIds);
  // Filtered and ordered by the query; what each shows is the pathway's rules' (case-rules.ts).
  const items = rows.map((row) =>
    presentCaseloadItem(
      row,
      { stage: stageOf(row), ...nextActionOf(row, row.status, now) },
      canAssignCases(actor, row.siteId),
    ),
  );
  await recordAudit(db, actor, {
    action: 'case.caseload_viewed',
    subjectType: 'case',
    details: { assignee: query.assignee, count: items.length, truncated },
  });
  return { items, assignees: assignees.map(presentAssignee), truncated, bound: caseloadBound };
}

export async function getCase(db: Database, actor: Actor, caseId: string): Promise<CaseDetail> {
  const row = await requireCase(db, actor, caseId);
  const detail = await loadCaseDetail(db, actor, row);
  await recordAudit(db, actor, audited(row, 'case.viewed'));
  return detail;
}
