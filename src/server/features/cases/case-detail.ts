import type { CaseDetail } from '../../../shared/contracts/cases';
import type { AuditAction } from '../../../shared/audit-actions';
import type { CaseStatus } from '../../../shared/pathway';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { notFound, staleVersion } from '../../platform/errors';
import { type AuditEntry, caseSubject } from '../audit';
import { failedAttemptsSinceReached, stageOf } from './case-rules';
import { casePermissions } from './cases-policy';
import { presentCaseDetail } from './cases-presenter';
import {
  type CaseRow,
  findConsentFor,
  findDisplayName,
  findPerson,
  findSiteSettings,
  selectCaseEvents,
  selectCaseFacts,
  selectConcerns,
  selectContacts,
  selectSiteStaff,
} from './cases-queries';

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
  const [site, person, consent, facts, events, contacts, concerns, assigneeName] =
    await readTogether(db, [
      () => findSiteSettings(db, row.siteId),
      () => findPerson(db, row.personId),
      () => findConsentFor(db, row.id, row.personId),
      () => selectCaseFacts(db, row.id),
      () => selectCaseEvents(db, row.id),
      () => selectContacts(db, row.id),
      () => selectConcerns(db, row.id),
      () => (row.assignedTo ? findDisplayName(db, row.assignedTo) : Promise.resolve(null)),
    ]);
  if (!site || !person) throw notFound();
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
    stage: stageOf({ status, ...facts }),
    person,
    consent,
    assigneeName,
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
