import type { CaseDetail } from '../../../shared/contracts/cases';
import type { AuditAction } from '../../../shared/audit-actions';
import type { CaseStatus } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { notFound, staleVersion } from '../../platform/errors';
import { type AuditEntry, caseSubject } from '../audit';
import { acceptanceOf, failedAttemptsSinceReached, nextActionOf, stageOf } from './case-rules';
import { casePermissions } from './cases-policy';
import { presentCaseDetail } from './cases-presenter';
import { findCaseSurroundings } from './case-detail-queries';
import type { CaseRow } from './cases-queries';
import { selectSiteStaff } from './site-staff-queries';

// What the cases services share: each change answers with the case screen, as getCase does.

/** Where links in emails point: the app's public address. */
export type Links = { publicUrl: string };

export function audited(
  row: CaseRow,
  action: AuditAction,
  details?: Record<string, unknown>,
): AuditEntry {
  return { action, ...caseSubject(row), details };
}

/** Everything the case screen shows, with what the actor may do on it. */
export async function loadCaseDetail(
  db: Database,
  actor: Actor,
  row: CaseRow,
): Promise<CaseDetail> {
  const surroundings = await findCaseSurroundings(db, row.id);
  if (!surroundings) throw notFound();
  const { site, person, consent, assigneeName, referrerAccount, facts, pathway } = surroundings;
  const { events, contacts, concerns } = surroundings;
  const failedAttempts = failedAttemptsSinceReached(contacts.map((c) => c.outcome));
  const status = row.status as CaseStatus;
  const permissions = casePermissions(actor, {
    siteId: row.siteId,
    status,
    failedAttempts,
    maxContactAttempts: site.maxContactAttempts,
  });
  const assignees = permissions.canAssign
    ? await selectSiteStaff(db, 'link_worker', [row.siteId])
    : [];
  return presentCaseDetail({
    row,
    siteName: site.name,
    timeZone: site.timeZone,
    stage: stageOf({ status, ...facts }),
    acceptance: acceptanceOf(status, row.acceptedAt),
    next: nextActionOf(
      {
        ...row,
        ...pathway,
        waitingThresholdDays: site.waitingThresholdDays,
        timeZone: site.timeZone,
      },
      status,
    ),
    openSafeguarding: pathway.openSafeguarding,
    person,
    consent: consent ?? undefined,
    assigneeName,
    referrerAccount,
    events,
    contacts,
    concerns,
    failedAttempts,
    maxContactAttempts: site.maxContactAttempts,
    assignees,
    permissions,
  });
}

/** Refuses an update naming a version the case no longer has. */
export function checkVersion(row: CaseRow, version: number): void {
  if (row.version !== version) throw staleVersion();
}
