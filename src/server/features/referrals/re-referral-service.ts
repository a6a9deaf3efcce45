import type { ReReferBody, ReReferResult } from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { caseSubject, recordAudit } from '../audit';
import { isClosed, openCase, requireCase } from '../cases';
import { insertConsent } from './referrals-queries';

/**
 * Opens a new episode for the person of a closed case: same person, site and source. It is
 * a referral of its own: its referrer is whoever makes it and it carries its own consent, so
 * the first referrer neither sees it nor is told about it, and no old consent stands in.
 */
export async function reReferCase(
  db: Database,
  actor: Actor,
  caseId: string,
  input: ReReferBody,
): Promise<ReReferResult> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    if (!isClosed(row.status)) {
      throw new AppError('invalid_transition', {
        field: 'status',
        params: { from: row.status, to: 'new' },
      });
    }
    // No consent, no referral: refused before anything is written.
    if (!input.consent.coversReferral) {
      throw new AppError('consent_required', { field: 'consent.coversReferral' });
    }
    const opened = await openCase(
      tx,
      {
        personId: row.personId,
        siteId: row.siteId,
        source: row.source,
        referrerAccountId: actor.accountId,
        referrerName: null,
        referrerOrganisation: null,
        referrerContact: null,
        reasons: input.reasons,
        urgency: input.urgency,
        context: input.context || null,
      },
      actor.accountId,
      { note: `reopened from ${row.reference}` },
    );
    const { consent } = input;
    await insertConsent(tx, {
      personId: row.personId,
      caseId: opened.id,
      givenBy: consent.givenBy,
      givenByName: consent.givenBy === 'person' ? null : (consent.givenByName ?? null),
      givenAt: new Date(consent.givenAt),
      coversReferral: consent.coversReferral,
      coversReferrerUpdates: consent.coversReferrerUpdates,
      coversSharingWithPartners: consent.coversSharingWithPartners,
      recordedBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'case.re_referred',
      ...caseSubject(opened),
      details: { fromCaseId: row.id, urgency: input.urgency },
    });
    return { id: opened.id, reference: opened.reference };
  });
}
