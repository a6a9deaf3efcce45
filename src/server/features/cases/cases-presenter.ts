import type {
  Assignee,
  CaseAcceptance,
  CaseContact,
  CaseDetail,
  CaseEvent,
  CaseloadItem,
  CasePermissions,
  CaseSearchItem,
  SafeguardingConcern,
  TriageItem,
} from '../../../shared/contracts/cases';
import type { CaseStage, CaseStatus, ReferralReason } from '../../../shared/pathway';
import { dayIn } from '../../../shared/time-zones';
import type { NextAction } from './case-rules';
import type { CaseSearchRow, CaseloadRow, TriageRow } from './caseload-queries';
import type { CaseEventView, CaseRow, ConsentRow, PersonRow } from './cases-queries';
import type { ContactView } from './contacts-queries';
import type { ConcernView } from './safeguarding-queries';
import type { StaffMember } from './site-staff-queries';

const dayMs = 24 * 60 * 60 * 1000;

/** Full years between a birth date (YYYY-MM-DD) and today where the case's site is. */
export function ageOn(dateOfBirth: string, timeZone: string, now: Date = new Date()): number {
  const [y = 0, m = 1, d = 1] = dateOfBirth.split('-').map(Number);
  const [year = 0, month = 1, day = 1] = dayIn(now, timeZone).split('-').map(Number);
  const beforeBirthday = month < m || (month === m && day < d);
  return year - y - (beforeBirthday ? 1 : 0);
}

/** Whole days elapsed (24 hours each): a duration, the same in every zone. */
export function daysSince(since: Date, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / dayMs));
}

export function presentAssignee(staff: StaffMember): Assignee {
  return { accountId: staff.accountId, displayName: staff.displayName, siteId: staff.siteId };
}

export function presentTriageItem(
  row: TriageRow,
  flags: { waitingTooLong: boolean; canTake: boolean; canAssign: boolean },
): TriageItem {
  return {
    id: row.id,
    reference: row.reference,
    siteId: row.siteId,
    siteName: row.siteName,
    personName: `${row.givenName} ${row.familyName}`,
    age: ageOn(row.dateOfBirth, row.timeZone),
    preferredLanguage: row.preferredLanguage,
    reasons: row.reasons as ReferralReason[],
    urgency: row.urgency,
    source: row.source,
    referredAt: row.referredAt.toISOString(),
    daysWaiting: daysSince(row.referredAt),
    possibleDuplicate: row.possibleDuplicateOfId !== null,
    version: row.version,
    ...flags,
  };
}

export function presentCaseloadItem(
  row: CaseloadRow,
  derived: Pick<CaseloadItem, 'stage' | 'nextAction' | 'nextActionOn' | 'waitingTooLong'>,
  canReassign: boolean,
): CaseloadItem {
  return {
    id: row.id,
    reference: row.reference,
    personName: `${row.givenName} ${row.familyName}`,
    status: row.status,
    urgency: row.urgency,
    assigneeName: row.assigneeName,
    ...derived,
    openSafeguarding: row.openSafeguarding,
    siteId: row.siteId,
    referredAt: row.referredAt.toISOString(),
    version: row.version,
    canReassign,
  };
}

export function presentCaseSearchItem(row: CaseSearchRow): CaseSearchItem {
  return {
    id: row.id,
    reference: row.reference,
    personName: `${row.givenName} ${row.familyName}`,
    dateOfBirth: row.dateOfBirth,
    siteName: row.siteName,
    status: row.status,
    assigneeName: row.assigneeName,
    referredAt: row.referredAt.toISOString(),
  };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function presentEvent(row: CaseEventView): CaseEvent {
  return {
    fromStatus: row.fromStatus as CaseStatus | null,
    toStatus: row.toStatus as CaseStatus,
    reason: row.reason,
    note: row.note,
    actorName: row.actorName,
    at: row.at.toISOString(),
  };
}

function presentContact(row: ContactView): CaseContact {
  return {
    id: row.id,
    channel: row.channel,
    outcome: row.outcome,
    occurredAt: row.occurredAt.toISOString(),
    durationMinutes: row.durationMinutes,
    notes: row.notes,
    recordedByName: row.recordedByName,
  };
}

function presentConcern(row: ConcernView): SafeguardingConcern {
  return {
    id: row.id,
    level: row.level,
    description: row.description,
    origin: row.origin,
    raisedByName: row.raisedByName,
    createdAt: row.createdAt.toISOString(),
    acknowledgedByName: row.acknowledgedByName,
    acknowledgedAt: iso(row.acknowledgedAt),
  };
}

export type CaseDetailParts = {
  row: CaseRow;
  siteName: string;
  /** The site's zone: the person's age turns on their birthday there. */
  timeZone: string;
  stage: CaseStage;
  acceptance: CaseAcceptance;
  next: NextAction;
  openSafeguarding: boolean;
  person: PersonRow;
  consent: ConsentRow | undefined;
  assigneeName: string | null;
  referrerAccount: { name: string; organisationName: string } | null;
  events: CaseEventView[];
  contacts: ContactView[];
  concerns: ConcernView[];
  failedAttempts: number;
  maxContactAttempts: number;
  assignees: StaffMember[];
  permissions: CasePermissions;
};

export function presentCaseDetail(parts: CaseDetailParts): CaseDetail {
  const { row, person, consent } = parts;
  return {
    id: row.id,
    reference: row.reference,
    siteId: row.siteId,
    siteName: parts.siteName,
    status: row.status,
    stage: parts.stage,
    acceptance: parts.acceptance,
    ...parts.next,
    openSafeguarding: parts.openSafeguarding,
    outcomeCode: row.outcomeCode,
    closureReason: row.closureReason,
    closureNote: row.closureNote,
    referredAt: row.referredAt.toISOString(),
    firstContactAt: iso(row.firstContactAt),
    acceptedAt: iso(row.acceptedAt),
    closedAt: iso(row.closedAt),
    assignee:
      row.assignedTo && parts.assigneeName
        ? { accountId: row.assignedTo, displayName: parts.assigneeName }
        : null,
    person: {
      id: person.id,
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      age: ageOn(person.dateOfBirth, parts.timeZone),
      sex: person.sex,
      email: person.email,
      phone: person.phone,
      preferredLanguage: person.preferredLanguage,
      contactPreference: person.contactPreference,
      address: person.address,
      postalCode: person.postalCode,
      accessibilityNeeds: person.accessibilityNeeds,
    },
    referral: {
      source: row.source,
      // An agency's referrer is typed in; a clinician is an account of ours, named by it.
      referrerName: row.referrerName ?? parts.referrerAccount?.name ?? null,
      referrerOrganisation:
        row.referrerOrganisation ?? parts.referrerAccount?.organisationName ?? null,
      reasons: row.reasons as ReferralReason[],
      reasonOther: row.reasonOther,
      urgency: row.urgency,
      context: row.context,
      possibleDuplicate: row.possibleDuplicateOfId !== null,
    },
    consent: consent
      ? {
          givenBy: consent.givenBy,
          givenByName: consent.givenByName,
          givenAt: consent.givenAt.toISOString(),
          coversReferral: consent.coversReferral,
          coversReferrerUpdates: consent.coversReferrerUpdates,
          coversSharingWithPartners: consent.coversSharingWithPartners,
          withdrawnAt: iso(consent.withdrawnAt),
          referrerUpdatesWithdrawnAt: iso(consent.referrerUpdatesWithdrawnAt),
          partnerSharingWithdrawnAt: iso(consent.partnerSharingWithdrawnAt),
        }
      : null,
    history: parts.events.map(presentEvent),
    contacts: parts.contacts.map(presentContact),
    safeguarding: parts.concerns.map(presentConcern),
    failedAttempts: parts.failedAttempts,
    maxContactAttempts: parts.maxContactAttempts,
    assignees: parts.assignees.map(presentAssignee),
    permissions: parts.permissions,
    version: row.version,
  };
}
