import {
  type CaseDetail,
  type CaseloadItem,
  type CaseloadList,
  type CaseloadQuery,
  type CaseloadSort,
  type TriageList,
  type TriageQuery,
  openCaseStages,
} from '../../../shared/contracts/cases';
import { addDays, dayIn } from '../../../shared/time-zones';
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

/** Pathway order of the stages, for the caseload's order by stage. */
const stageRank = new Map<string, number>(openCaseStages.map((stage, index) => [stage, index]));

/** `today` is the case's: the day now falls on in its site's time zone. */
function matchesFilters(item: CaseloadItem, query: CaseloadQuery, today: string): boolean {
  if (query.stage && item.stage !== query.stage) return false;
  if (query.flag === 'waiting_too_long' && !item.waitingTooLong) return false;
  if (query.flag === 'safeguarding' && !item.openSafeguarding) return false;
  if (query.due) {
    const on = item.nextActionOn;
    if (!on) return false;
    if (query.due === 'overdue' && on >= today) return false;
    if (query.due === 'this_week' && (on < today || on > addDays(today, 6))) return false;
  }
  return true;
}

const byReference = (a: CaseloadItem, b: CaseloadItem): number =>
  a.reference.localeCompare(b.reference);

/** The caseload's orders; each ends on the reference, so equal rows keep one order. */
const orders: Record<CaseloadSort, (a: CaseloadItem, b: CaseloadItem) => number> = {
  // Flagged first, then the most overdue; cases without a next action last.
  due: (a, b) =>
    Number(b.waitingTooLong) - Number(a.waitingTooLong) ||
    (a.nextActionOn ?? '9999').localeCompare(b.nextActionOn ?? '9999') ||
    byReference(a, b),
  referred: (a, b) => a.referredAt.localeCompare(b.referredAt) || byReference(a, b),
  // The query reads the rows by family then given name: a stable sort keeps that order.
  name: () => 0,
  stage: (a, b) =>
    (stageRank.get(a.stage) ?? 0) - (stageRank.get(b.stage) ?? 0) || byReference(a, b),
};

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
    safeguarding: query.flag === 'safeguarding',
    sort: query.sort,
  });
  // One row past the bound says there are more: the answer says so rather than hide them.
  const truncated = found.length > caseloadBound;
  const rows = found.slice(0, caseloadBound);
  const assignees = await selectSiteStaff(db, 'link_worker', siteIds);
  // Stage and next action are derived by the pathway's rules (case-rules.ts), so the
  // filters and orders on them apply here, to the caseload the query bounds.
  const items = rows
    .flatMap((row) => {
      const item = presentCaseloadItem(
        row,
        { stage: stageOf(row), ...nextActionOf(row, row.status, now) },
        canAssignCases(actor, row.siteId),
      );
      return matchesFilters(item, query, dayIn(now, row.timeZone)) ? [item] : [];
    })
    .sort(orders[query.sort]);
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
