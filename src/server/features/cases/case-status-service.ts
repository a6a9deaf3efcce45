import type {
  AssignCaseBody,
  CaseDetail,
  ChangeCaseStatusBody,
  TakeCaseBody,
} from '../../../shared/contracts/cases';
import { snomed } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, staleVersion } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { auditEvent } from '../audit';
import { type Links, audited, checkVersion, loadCaseDetail } from './case-detail';
import { refusedCase, requireCase, requireOpenCase } from './case-access';
import { assertCaseTransition, failedAttemptsSinceReached, isClosed } from './case-rules';
import { canAssignCases, canWorkOnCases, isLinkWorkerAt } from './cases-policy';
import {
  type CaseRow,
  findConsentFor,
  selectCaseConnections,
  updateCaseAtVersion,
  updateCaseRecordingTransition,
} from './cases-queries';
import { selectContactOutcomes } from './contacts-queries';
import { coversReferrerUpdates } from '../../../shared/consent';
import { recordAssignment } from './reassign-service';
import { findAccountContact, findSiteSettings, selectSiteStaff } from './site-staff-queries';
import { buildReferrerSummary } from './referrer-summary';

export async function takeCase(
  db: Database,
  actor: Actor,
  caseId: string,
  input: TakeCaseBody,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  const row = await requireOpenCase(db, actor, caseId);
  if (!isLinkWorkerAt(actor, row.siteId)) throw forbidden(refusedCase(row.id, row.siteId));
  checkVersion(row, input.version);
  assertCaseTransition(row.status, 'assigned');
  // One statement at the version read: no transaction needed around it.
  const updated = await updateCaseRecordingTransition(
    db,
    row.id,
    input.version,
    { status: 'assigned', assignedTo: actor.accountId },
    { fromStatus: row.status, toStatus: 'assigned', actorId: actor.accountId },
    auditEvent(actor, audited(row, 'case.taken')),
  );
  if (!updated) throw staleVersion();
  return loadCaseDetail(db, actor, updated);
}

export async function assignCase(
  db: Database,
  actor: Actor,
  caseId: string,
  input: AssignCaseBody,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  const saved = await db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    if (!canAssignCases(actor, row.siteId)) throw forbidden(refusedCase(row.id, row.siteId));
    checkVersion(row, input.version);
    const linkWorkers = await selectSiteStaff(tx, 'link_worker', [row.siteId]);
    if (!linkWorkers.some((w) => w.accountId === input.accountId)) {
      throw new AppError('not_found', { field: 'accountId' });
    }
    return recordAssignment(tx, actor, row, input.version, input.accountId);
  });
  return loadCaseDetail(db, actor, saved);
}

/**
 * Accepts, declines, closes as unreachable or discharges a case, through the status
 * machine, with its history line, audit, and at closure the summary back to the referrer.
 */
export async function changeCaseStatus(
  db: Database,
  actor: Actor,
  caseId: string,
  input: ChangeCaseStatusBody,
  links: Links,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  // The change is one statement at the version read; a closure also tells the referrer, so
  // it takes a transaction. The detail loads after, on the pool.
  const saved = isClosed(input.to)
    ? await db.transaction((tx) => recordStatusChange(tx, actor, caseId, input, links))
    : await recordStatusChange(db, actor, caseId, input, links);
  return loadCaseDetail(db, actor, saved);
}

async function recordStatusChange(
  db: Database,
  actor: Actor,
  caseId: string,
  input: ChangeCaseStatusBody,
  links: Links,
): Promise<CaseRow> {
  const row = await requireCase(db, actor, caseId);
  checkVersion(row, input.version);
  const reason = 'reason' in input ? (input.reason ?? null) : null;
  assertCaseTransition(row.status, input.to, reason);
  const now = new Date();
  const patch: Parameters<typeof updateCaseAtVersion>[3] = { status: input.to };
  if (input.to === 'active') {
    patch.outcomeCode = snomed.referralAccepted;
    patch.acceptedAt = now;
    // Accepting straight from the queue makes the link worker its owner.
    if (!row.assignedTo && isLinkWorkerAt(actor, row.siteId)) patch.assignedTo = actor.accountId;
  }
  if (input.to === 'declined') patch.outcomeCode = snomed.referralDeclined;
  if (input.to === 'unreachable') await requireEnoughAttempts(db, row);
  const closing = isClosed(input.to);
  if (closing) {
    const closureReason = reason ?? input.to;
    patch.closedAt = now;
    patch.closureReason = closureReason;
    patch.closureNote = input.note || null;
    patch.referrerSummary = buildReferrerSummary({
      closedAt: now,
      closureReason,
      connections: await selectCaseConnections(db, row.id),
    });
  }
  const updated = await updateCaseRecordingTransition(
    db,
    row.id,
    input.version,
    patch,
    {
      fromStatus: row.status,
      toStatus: input.to,
      reason,
      note: input.note || null,
      actorId: actor.accountId,
    },
    auditEvent(
      actor,
      audited(row, 'case.status_changed', { from: row.status, to: input.to, reason }),
    ),
  );
  if (!updated) throw staleVersion();
  if (closing) await notifyReferrerOfClosure(db, updated, links);
  return updated;
}

/** Unreachable only after the site's number of failed attempts since the last reached one. */
async function requireEnoughAttempts(db: Database, row: CaseRow): Promise<void> {
  const site = await findSiteSettings(db, row.siteId);
  const required = site?.maxContactAttempts ?? 3;
  const made = failedAttemptsSinceReached(await selectContactOutcomes(db, row.id));
  if (made < required) {
    throw new AppError('too_few_contact_attempts', { params: { required, made } });
  }
}

/** Tells the referrer the case closed, when they are one of ours and consent covers it. */
async function notifyReferrerOfClosure(tx: Database, row: CaseRow, links: Links): Promise<void> {
  if (!row.referrerAccountId) return;
  const consent = await findConsentFor(tx, row.id, row.personId);
  if (!coversReferrerUpdates(consent)) return;
  const referrer = await findAccountContact(tx, row.referrerAccountId);
  if (!referrer?.active) return;
  const site = await findSiteSettings(tx, row.siteId);
  const t = translatorFor(referrer.locale ?? site?.defaultLocale ?? 'en');
  const params = { reference: row.reference, url: `${links.publicUrl}/referrals/${row.id}` };
  await queueEmail(tx, {
    kind: 'case.closed_summary',
    to: referrer.email,
    subject: t('emails:cases.closedSubject', params),
    text: t('emails:cases.closedText', params),
    notify: { caseId: row.id, params: { reference: row.reference } },
  });
}
