/**
 * The fixed lists of the social prescribing pathway (domain.md, steps 1 to 6). Labels live
 * in the locale files under the same keys; these are the stable codes stored and sent.
 */

export const referralReasons = [
  'loneliness_isolation',
  'low_mood_stress',
  'physical_inactivity',
  'long_term_condition',
  'money',
  'housing',
  'food',
  'caring_responsibilities',
  'bereavement',
  'other',
] as const;
export type ReferralReason = (typeof referralReasons)[number];

export const urgencies = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];

export const referralSources = ['clinician', 'agency', 'self'] as const;
export type ReferralSource = (typeof referralSources)[number];

export const contactPreferences = ['phone', 'email', 'text_message', 'post'] as const;
export type ContactPreference = (typeof contactPreferences)[number];

export const sexes = ['female', 'male', 'other', 'not_stated'] as const;
export type Sex = (typeof sexes)[number];

/** Who agreed to the referral on the person's behalf, if not the person. */
export const consentGivers = ['person', 'guardian', 'carer', 'power_of_attorney'] as const;
export type ConsentGiver = (typeof consentGivers)[number];

/** A case is one episode of support, opened by a referral. */
export const caseStatuses = [
  'new',
  'assigned',
  'active',
  'declined',
  'unreachable',
  'discharged',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const closedCaseStatuses: readonly CaseStatus[] = ['declined', 'unreachable', 'discharged'];

/** Where a case stands on the pathway, derived from its records for the caseload screen. */
export const caseStages = [
  'waiting',
  'contacting',
  'accepted',
  'assessed',
  'planned',
  'connected',
  'closed',
] as const;
export type CaseStage = (typeof caseStages)[number];

/** SNOMED CT concepts the NHS records for a social prescribing referral's outcome. */
export const snomed = {
  referralAccepted: '871731000000106',
  referralDeclined: '871711000000103',
} as const;

export const declineReasons = [
  'not_interested',
  'needs_already_met',
  'not_the_right_time',
  'prefers_other_support',
  'other',
] as const;
export type DeclineReason = (typeof declineReasons)[number];

export const dischargeReasons = [
  'goals_met',
  'moved',
  'declined',
  'no_contact',
  'referred_elsewhere',
  'other',
] as const;
export type DischargeReason = (typeof dischargeReasons)[number];

export const contactChannels = ['phone', 'in_person', 'video', 'message'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/** A failed attempt counts towards closing a case as unreachable. */
export const contactOutcomes = [
  'reached',
  'no_answer',
  'left_message',
  'wrong_number',
  'rescheduled',
] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];
export const failedContactOutcomes: readonly ContactOutcome[] = [
  'no_answer',
  'left_message',
  'wrong_number',
];

export const needDomains = [
  'social_connection',
  'mental_wellbeing',
  'physical_activity',
  'health_management',
  'money',
  'housing',
  'food',
  'transport',
  'caring',
  'learning_work',
] as const;
export type NeedDomain = (typeof needDomains)[number];

export const needLevels = ['none', 'some', 'high'] as const;
export type NeedLevel = (typeof needLevels)[number];

export const barriers = [
  'cost',
  'transport',
  'language',
  'mobility',
  'confidence',
  'caring_duties',
  'digital_access',
] as const;
export type Barrier = (typeof barriers)[number];

export const stepOwners = ['person', 'link_worker', 'partner', 'other'] as const;
export type StepOwner = (typeof stepOwners)[number];

export const followUpKinds = ['review', 'call', 'measurement'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];

export const connectionStatuses = [
  'proposed',
  'sent',
  'accepted',
  'declined',
  'did_not_attend',
  'attended',
  'ongoing',
  'stopped',
  'not_taken_up',
] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

export const partnerDeclineReasons = [
  'full',
  'not_eligible',
  'not_suitable',
  'service_closed',
  'other',
] as const;
export type PartnerDeclineReason = (typeof partnerDeclineReasons)[number];

export const connectionStopReasons = [
  'goal_reached',
  'lost_interest',
  'health',
  'cost',
  'transport',
  'service_ended',
  'other',
] as const;
export type ConnectionStopReason = (typeof connectionStopReasons)[number];

export const safeguardingLevels = ['concern', 'urgent'] as const;
export type SafeguardingLevel = (typeof safeguardingLevels)[number];

/**
 * When outcome measurements are taken (measures.md): at the start, at follow-ups a site's
 * schedule picks (months after the baseline), and at discharge. month_12 exists for sites
 * that follow people for a year.
 */
export const timepoints = ['baseline', 'month_3', 'month_6', 'month_12', 'discharge'] as const;
export type Timepoint = (typeof timepoints)[number];
export const followUpMonths = [3, 6, 12] as const;
export type FollowUpMonth = (typeof followUpMonths)[number];
export function followUpTimepoint(months: FollowUpMonth): Timepoint {
  return `month_${months}`;
}
