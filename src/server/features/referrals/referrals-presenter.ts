import { reassignedReason } from '../../../shared/contracts/cases';
import {
  type CaseDuplicate,
  type DuplicatePerson,
  differingContactFields,
  type Referral,
  type ReferralListItem,
  ReferrerSummary,
} from '../../../shared/contracts/referrals';
import type { CaseStatus } from '../../../shared/pathway';
import { isClosed } from '../cases';
import type { CaseOfPersonRow, PersonRow, ReferralRow } from './referrals-queries';

function personNameOf(row: Pick<ReferralRow, 'givenName' | 'familyName'>): string {
  return `${row.givenName} ${row.familyName}`;
}

export function presentReferralListItem(row: ReferralRow): ReferralListItem {
  return {
    id: row.id,
    reference: row.reference,
    personName: personNameOf(row),
    status: row.status,
    assigned: row.assignedTo !== null,
    referredAt: row.referredAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/** Whether the person's consent lets the referrer hear how the referral went (web and FHIR alike). */
export function coversReferrerUpdates(
  consent: { withdrawnAt: Date | null; coversReferrerUpdates: boolean } | undefined,
): boolean {
  return Boolean(consent && !consent.withdrawnAt && consent.coversReferrerUpdates);
}

/**
 * The referrer's view: status history always; the summary back only once the case is
 * closed and only if the person agreed that the referrer hears how it went.
 */
export function presentReferral(
  row: ReferralRow,
  history: { status: string; at: Date; reason: string | null }[],
  coversReferrerUpdates: boolean,
): Referral {
  const closed = isClosed(row.status);
  // A summary the cases feature wrote in another shape is withheld rather than shown half right.
  const parsed = ReferrerSummary.safeParse(row.referrerSummary);
  const summary = closed && coversReferrerUpdates && parsed.success ? parsed.data : null;
  let summaryWithheld: Referral['summaryWithheld'] = null;
  if (!coversReferrerUpdates) summaryWithheld = 'no_consent';
  else if (!closed) summaryWithheld = 'not_closed';
  else if (!summary) summaryWithheld = 'not_written';
  return {
    id: row.id,
    reference: row.reference,
    siteId: row.siteId,
    siteName: row.siteName,
    source: row.source,
    personName: personNameOf(row),
    reasons: row.reasons as Referral['reasons'],
    reasonOther: row.reasonOther,
    urgency: row.urgency,
    status: row.status,
    assigned: row.assignedTo !== null,
    referredAt: row.referredAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    coversReferrerUpdates,
    // Only whether the case changed hands: never a closure reason or who the link workers are.
    history: history.map((h) => ({
      status: h.status as CaseStatus,
      at: h.at.toISOString(),
      reassigned: h.reason === reassignedReason,
    })),
    summary,
    summaryWithheld,
  };
}

export function presentDuplicatePerson(
  person: PersonRow,
  cases: CaseOfPersonRow[],
): DuplicatePerson {
  return {
    id: person.id,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    email: person.email,
    phone: person.phone,
    address: person.address,
    postalCode: person.postalCode,
    preferredLanguage: person.preferredLanguage,
    contactPreference: person.contactPreference,
    cases: cases.map((c) => ({
      id: c.id,
      reference: c.reference,
      status: c.status,
      referredAt: c.referredAt.toISOString(),
    })),
  };
}

export function presentCaseDuplicate(
  caseId: string,
  caseVersion: number,
  person: DuplicatePerson,
  existing: DuplicatePerson,
): CaseDuplicate {
  return {
    caseId,
    caseVersion,
    person,
    existing,
    differingContactFields: differingContactFields(existing, person),
  };
}
