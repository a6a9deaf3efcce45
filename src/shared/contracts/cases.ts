import { z } from 'zod';
import { caseloadDues, caseloadFlags, caseloadSorts, openCaseStages } from '../caseload';
import {
  caseStages,
  caseStatuses,
  consentGivers,
  contactChannels,
  contactOutcomes,
  contactPreferences,
  declineReasons,
  dischargeReasons,
  followUpKinds,
  referralReasons,
  referralSources,
  safeguardingLevels,
  sexes,
  urgencies,
} from '../pathway';
import { CalendarDate, Id, LocaleSchema, PastMoment, Version } from './common';
import { ConsentInput } from './referrals';

const Reasons = z.array(z.enum(referralReasons)).min(1).max(referralReasons.length);
const Timestamp = z.iso.datetime({ offset: true });

export const triageSorts = ['newest', 'urgent', 'waiting'] as const;
export type TriageSort = (typeof triageSorts)[number];

export const TriageQuery = z.object({
  siteId: Id.optional(),
  sort: z.enum(triageSorts).default('waiting'),
});
export type TriageQuery = z.infer<typeof TriageQuery>;

/** A link worker the site manager may assign cases to. */
export const Assignee = z.object({ accountId: Id, displayName: z.string(), siteId: Id });
export type Assignee = z.infer<typeof Assignee>;

export const TriageItem = z.object({
  id: Id,
  reference: z.string(),
  siteId: Id,
  siteName: z.string(),
  personName: z.string(),
  age: z.int(),
  preferredLanguage: LocaleSchema,
  reasons: z.array(z.enum(referralReasons)),
  urgency: z.enum(urgencies),
  source: z.enum(referralSources),
  referredAt: Timestamp,
  daysWaiting: z.int(),
  waitingTooLong: z.boolean(),
  possibleDuplicate: z.boolean(),
  version: z.int(),
  canTake: z.boolean(),
  canAssign: z.boolean(),
});
export type TriageItem = z.infer<typeof TriageItem>;

export const TriageList = z.object({
  items: z.array(TriageItem),
  /** Link workers of the sites where the caller assigns cases: empty for a link worker. */
  assignees: z.array(Assignee),
});
export type TriageList = z.infer<typeof TriageList>;

export const TakeCaseBody = z.object({ version: Version }).strict();
export type TakeCaseBody = z.infer<typeof TakeCaseBody>;

export const AssignCaseBody = z.object({ accountId: Id, version: Version }).strict();
export type AssignCaseBody = z.infer<typeof AssignCaseBody>;

export {
  caseloadDues,
  caseloadFlags,
  caseloadSorts,
  openCaseStages,
  type CaseloadDue,
  type CaseloadFlag,
  type CaseloadSort,
  type OpenCaseStage,
} from '../caseload';

export const CaseloadQuery = z.object({
  /** 'me', 'all' (every open case of the caller's sites), or a link worker's account id. */
  assignee: z.union([z.literal('me'), z.literal('all'), Id]).default('me'),
  /** Due date (soonest first, flagged first), referral date (oldest first), name, stage (pathway order). */
  sort: z.enum(caseloadSorts).default('due'),
  stage: z.enum(openCaseStages).optional(),
  flag: z.enum(caseloadFlags).optional(),
  /** Overdue: the next action was due before today; this week: due today or in the 6 days after. */
  due: z.enum(caseloadDues).optional(),
});
export type CaseloadQuery = z.infer<typeof CaseloadQuery>;

export const nextActionKinds = ['first_contact', 'baseline_measurement', ...followUpKinds] as const;
export type NextActionKind = (typeof nextActionKinds)[number];

export const CaseloadItem = z.object({
  id: Id,
  reference: z.string(),
  personName: z.string(),
  status: z.enum(caseStatuses),
  stage: z.enum(caseStages),
  urgency: z.enum(urgencies),
  assigneeName: z.string().nullable(),
  nextAction: z.enum(nextActionKinds).nullable(),
  nextActionOn: CalendarDate.nullable(),
  waitingTooLong: z.boolean(),
  /** A safeguarding concern no site manager has acknowledged yet. */
  openSafeguarding: z.boolean(),
  siteId: Id,
  referredAt: Timestamp,
  version: z.int(),
  /** Whether the caller may reassign it (a site manager of its site). */
  canReassign: z.boolean(),
});
export type CaseloadItem = z.infer<typeof CaseloadItem>;

export const CaseloadList = z.object({
  items: z.array(CaseloadItem),
  /** Link workers whose caseload the caller may look at. */
  assignees: z.array(Assignee),
  /** More open cases match than one answer holds (the first of them are listed): narrow the filters. */
  truncated: z.boolean(),
  /** The most cases one answer holds. */
  bound: z.int(),
});
export type CaseloadList = z.infer<typeof CaseloadList>;

/** The reason of a history line that gives a case to another link worker, status unchanged. */
export const reassignedReason = 'reassigned';

/** Reassigns open cases of a site to one of its link workers, all or none. */
export const ReassignCasesBody = z
  .object({
    cases: z
      .array(z.object({ id: Id, version: Version }).strict())
      .min(1)
      .max(100),
    accountId: Id,
  })
  .strict();
export type ReassignCasesBody = z.infer<typeof ReassignCasesBody>;

export const ReassignCasesResult = z.object({ reassigned: z.int() });
export type ReassignCasesResult = z.infer<typeof ReassignCasesResult>;

/**
 * A search for people and their cases: a name (accents ignored), a case reference, a date of
 * birth (YYYY-MM-DD or DD/MM/YYYY) or a phone number. In a body, never a URL, which logs and
 * browser histories keep.
 */
export const CaseSearchBody = z.object({ query: z.string().trim().min(2).max(100) }).strict();
export type CaseSearchBody = z.infer<typeof CaseSearchBody>;

export const CaseSearchItem = z.object({
  id: Id,
  reference: z.string(),
  personName: z.string(),
  dateOfBirth: CalendarDate,
  siteName: z.string(),
  status: z.enum(caseStatuses),
  assigneeName: z.string().nullable(),
  referredAt: Timestamp,
});
export type CaseSearchItem = z.infer<typeof CaseSearchItem>;

export const CaseSearchResult = z.object({
  items: z.array(CaseSearchItem),
  /** Whether more cases matched than the answer holds: the caller should type more. */
  more: z.boolean(),
});
export type CaseSearchResult = z.infer<typeof CaseSearchResult>;

export const CasePermissions = z.object({
  canRecordContact: z.boolean(),
  canAccept: z.boolean(),
  canDecline: z.boolean(),
  canCloseUnreachable: z.boolean(),
  canDischarge: z.boolean(),
  canAssign: z.boolean(),
  canTake: z.boolean(),
  canRaiseSafeguarding: z.boolean(),
  canAcknowledgeSafeguarding: z.boolean(),
  canReRefer: z.boolean(),
  nextStatuses: z.array(z.enum(caseStatuses)),
});
export type CasePermissions = z.infer<typeof CasePermissions>;

export const CaseEvent = z.object({
  fromStatus: z.enum(caseStatuses).nullable(),
  toStatus: z.enum(caseStatuses),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  at: Timestamp,
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseContact = z.object({
  id: Id,
  channel: z.enum(contactChannels),
  outcome: z.enum(contactOutcomes),
  occurredAt: Timestamp,
  durationMinutes: z.int().nullable(),
  notes: z.string().nullable(),
  recordedByName: z.string().nullable(),
});
export type CaseContact = z.infer<typeof CaseContact>;

export const SafeguardingConcern = z.object({
  id: Id,
  level: z.enum(safeguardingLevels),
  description: z.string(),
  origin: z.string(),
  raisedByName: z.string().nullable(),
  createdAt: Timestamp,
  acknowledgedByName: z.string().nullable(),
  acknowledgedAt: Timestamp.nullable(),
});
export type SafeguardingConcern = z.infer<typeof SafeguardingConcern>;

/** Whether the person has said yes to support: plans, connections and outcomes start then. */
export const caseAcceptances = ['awaiting', 'accepted', 'not_accepted'] as const;
export type CaseAcceptance = (typeof caseAcceptances)[number];

export const CaseDetail = z.object({
  id: Id,
  reference: z.string(),
  siteId: Id,
  siteName: z.string(),
  status: z.enum(caseStatuses),
  stage: z.enum(caseStages),
  acceptance: z.enum(caseAcceptances),
  nextAction: z.enum(nextActionKinds).nullable(),
  nextActionOn: CalendarDate.nullable(),
  waitingTooLong: z.boolean(),
  /** A safeguarding concern no site manager has acknowledged yet. */
  openSafeguarding: z.boolean(),
  /** SNOMED CT code of the person's answer: accepted or declined. */
  outcomeCode: z.string().nullable(),
  closureReason: z.string().nullable(),
  closureNote: z.string().nullable(),
  referredAt: Timestamp,
  firstContactAt: Timestamp.nullable(),
  acceptedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  assignee: z.object({ accountId: Id, displayName: z.string() }).nullable(),
  person: z.object({
    id: Id,
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: CalendarDate,
    age: z.int(),
    sex: z.enum(sexes).nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    preferredLanguage: LocaleSchema,
    contactPreference: z.enum(contactPreferences),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    accessibilityNeeds: z.string().nullable(),
  }),
  referral: z.object({
    source: z.enum(referralSources),
    referrerName: z.string().nullable(),
    referrerOrganisation: z.string().nullable(),
    reasons: z.array(z.enum(referralReasons)),
    reasonOther: z.string().nullable(),
    urgency: z.enum(urgencies),
    context: z.string().nullable(),
    possibleDuplicate: z.boolean(),
  }),
  consent: z
    .object({
      givenBy: z.enum(consentGivers),
      givenByName: z.string().nullable(),
      givenAt: Timestamp,
      coversReferral: z.boolean(),
      coversReferrerUpdates: z.boolean(),
      coversSharingWithPartners: z.boolean(),
      withdrawnAt: Timestamp.nullable(),
      /** When the person withdrew updates to the referrer from their own space. */
      referrerUpdatesWithdrawnAt: Timestamp.nullable(),
      /** When the person withdrew sharing with partners from their own space. */
      partnerSharingWithdrawnAt: Timestamp.nullable(),
    })
    .nullable(),
  history: z.array(CaseEvent),
  contacts: z.array(CaseContact),
  safeguarding: z.array(SafeguardingConcern),
  failedAttempts: z.int(),
  maxContactAttempts: z.int(),
  assignees: z.array(Assignee),
  permissions: CasePermissions,
  version: z.int(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const RecordContactBody = z
  .object({
    channel: z.enum(contactChannels),
    outcome: z.enum(contactOutcomes),
    occurredAt: PastMoment,
    durationMinutes: z.int().min(0).max(600).optional(),
    notes: z.string().trim().max(4000).optional(),
  })
  .strict();
export type RecordContactBody = z.infer<typeof RecordContactBody>;

const Note = z.string().trim().max(2000).optional();

/** The reason is checked by the status machine, so a missing one says "give a reason". */
export const ChangeCaseStatusBody = z.discriminatedUnion('to', [
  z.object({ to: z.literal('active'), note: Note, version: Version }).strict(),
  z
    .object({
      to: z.literal('declined'),
      reason: z.enum(declineReasons).optional(),
      note: Note,
      version: Version,
    })
    .strict(),
  z.object({ to: z.literal('unreachable'), note: Note, version: Version }).strict(),
  z
    .object({
      to: z.literal('discharged'),
      reason: z.enum(dischargeReasons).optional(),
      note: Note,
      version: Version,
    })
    .strict(),
]);
export type ChangeCaseStatusBody = z.infer<typeof ChangeCaseStatusBody>;

export const RaiseSafeguardingBody = z
  .object({
    level: z.enum(safeguardingLevels),
    description: z.string().trim().min(1).max(4000),
  })
  .strict();
export type RaiseSafeguardingBody = z.infer<typeof RaiseSafeguardingBody>;

export const ConcernParams = z.object({ id: Id, concernId: Id });
export type ConcernParams = z.infer<typeof ConcernParams>;

/** A re-referral is a referral: it needs the person's consent again, as the first did. */
export const ReReferBody = z
  .object({
    reasons: Reasons,
    urgency: z.enum(urgencies),
    context: z.string().trim().max(4000).optional(),
    consent: ConsentInput,
  })
  .strict();
export type ReReferBody = z.infer<typeof ReReferBody>;

export const ReReferResult = z.object({ id: Id, reference: z.string() });
export type ReReferResult = z.infer<typeof ReReferResult>;
