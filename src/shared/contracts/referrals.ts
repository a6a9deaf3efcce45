import { z } from 'zod';
import {
  caseStatuses,
  connectionStatuses,
  consentGivers,
  contactPreferences,
  referralReasons,
  referralSources,
  sexes,
  urgencies,
} from '../pathway';
import { normalisePhone } from '../phone';
import { Cursor, Id, LocaleSchema, PageLimit, PastMoment, Version } from './common';

/** Canadian (K1A 0B1) or French (75011) postal codes. */
export const postalCodePattern = /^(?:[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d|\d{5})$/;
const PostalCode = z.string().trim().regex(postalCodePattern, 'postal_code_format');
/**
 * A person's phone as people write it ((514) 555-0123, 1-514-555-0123, 06 12 34 56 78,
 * +33 6…, 0033…), kept in E.164 (+15145550123): one form that text messages reach, that
 * sign-in by code and duplicate checks find, and that screens format for reading.
 */
const Phone = z
  .string()
  .trim()
  .max(40)
  .transform((value, context) => {
    const number = normalisePhone(value);
    if (number === null) {
      context.addIssue({ code: 'custom', message: 'phone_format' });
      return z.NEVER;
    }
    return number;
  });

// A date that is not one (or is empty) is said once: the range is not checked as well.
const DateOfBirth = z.iso
  .date({ abort: true })
  .refine((value) => value >= '1900-01-01' && value <= new Date().toISOString().slice(0, 10), {
    message: 'date_of_birth_range',
  });

/** Who is referred: identity, contact and language, with an approximate location only. */
export const PersonInput = z
  .object({
    givenName: z.string().trim().min(1).max(100),
    familyName: z.string().trim().min(1).max(100),
    dateOfBirth: DateOfBirth,
    sex: z.enum(sexes).optional(),
    email: z.email().max(254).optional(),
    phone: Phone.optional(),
    preferredLanguage: LocaleSchema,
    contactPreference: z.enum(contactPreferences),
    address: z.string().trim().max(300).optional(),
    postalCode: PostalCode.optional(),
    accessibilityNeeds: z.string().trim().max(1000).optional(),
  })
  .strict()
  .superRefine((person, context) => {
    // The link worker must be able to reach the person the way they asked.
    const field = contactFieldFor(person.contactPreference);
    if (!person[field])
      context.addIssue({ code: 'custom', path: [field], message: 'contact_required' });
  });
export type PersonInput = z.infer<typeof PersonInput>;

export function contactFieldFor(
  preference: (typeof contactPreferences)[number],
): 'phone' | 'email' | 'address' {
  if (preference === 'email') return 'email';
  if (preference === 'post') return 'address';
  return 'phone';
}

export const ConsentInput = z
  .object({
    givenBy: z.enum(consentGivers),
    givenByName: z.string().trim().min(1).max(200).optional(),
    givenAt: PastMoment,
    coversReferral: z.boolean(),
    coversReferrerUpdates: z.boolean(),
    coversSharingWithPartners: z.boolean().default(false),
  })
  .strict()
  .superRefine((consent, context) => {
    if (consent.givenBy !== 'person' && !consent.givenByName) {
      context.addIssue({
        code: 'custom',
        path: ['givenByName'],
        message: 'given_by_name_required',
      });
    }
  });
export type ConsentInput = z.infer<typeof ConsentInput>;

const Reasons = z
  .array(z.enum(referralReasons))
  .min(1)
  .max(referralReasons.length)
  .refine((reasons) => new Set(reasons).size === reasons.length, { message: 'duplicate_items' });
const Context = z.string().trim().max(4000);

function requireReasonOther(
  body: { reasons: string[]; reasonOther?: string | undefined },
  context: z.RefinementCtx,
): void {
  if (body.reasons.includes('other') && !body.reasonOther) {
    context.addIssue({ code: 'custom', path: ['reasonOther'], message: 'reason_other_required' });
  }
}

/** The referring agency or person, when the referral is not made by one of our accounts. */
export const ExternalReferrer = z
  .object({
    name: z.string().trim().min(1).max(200),
    organisation: z.string().trim().min(1).max(200),
    contact: z.string().trim().min(1).max(254),
  })
  .strict();
export type ExternalReferrer = z.infer<typeof ExternalReferrer>;

export const CreateReferralBody = z
  .object({
    /** Needed only when the caller refers for several sites. */
    siteId: Id.optional(),
    /** A clinician refers for themself; a link worker records an agency's referral. */
    source: z.enum(['clinician', 'agency']).default('clinician'),
    referrer: ExternalReferrer.optional(),
    person: PersonInput,
    reasons: Reasons,
    reasonOther: z.string().trim().min(1).max(500).optional(),
    urgency: z.enum(urgencies),
    context: Context.optional(),
    consent: ConsentInput,
  })
  .strict()
  .superRefine((body, context) => {
    requireReasonOther(body, context);
    if (body.source === 'agency' && !body.referrer) {
      context.addIssue({ code: 'custom', path: ['referrer'], message: 'referrer_required' });
    }
  });
export type CreateReferralBody = z.infer<typeof CreateReferralBody>;
export type CreateReferralInput = z.input<typeof CreateReferralBody>;

const SummaryConnection = z.object({
  organisationName: z.string(),
  activity: z.string(),
  status: z.enum(connectionStatuses),
});

/**
 * The PRSB "message back to referrer", written by the cases feature into
 * cases.referrer_summary when the case closes, and shown to the referrer if consent allows.
 */
export const ReferrerSummary = z.object({
  closedAt: z.iso.datetime({ offset: true }),
  /** A discharge or decline reason code, or 'unreachable'. */
  closureReason: z.string(),
  offered: z.array(SummaryConnection),
  takenUp: z.array(SummaryConnection),
  outcomes: z.array(
    z.object({
      instrument: z.string(),
      before: z.number().nullable(),
      after: z.number().nullable(),
    }),
  ),
  note: z.string().optional(),
});
export type ReferrerSummary = z.infer<typeof ReferrerSummary>;

export const ReferralStatusChange = z.object({
  status: z.enum(caseStatuses),
  at: z.iso.datetime(),
  /** The case changed hands to another link worker: its status did not move. */
  reassigned: z.boolean(),
});

/** Why the summary back is not shown: the case is still open, or consent does not cover it. */
export const summaryWithheldReasons = ['not_closed', 'no_consent', 'not_written'] as const;

/** What the referrer sees of their referral: status, never the link worker's notes. */
export const Referral = z.object({
  id: Id,
  reference: z.string(),
  siteId: Id,
  siteName: z.string(),
  source: z.enum(referralSources),
  personName: z.string(),
  reasons: z.array(z.enum(referralReasons)),
  reasonOther: z.string().nullable(),
  urgency: z.enum(urgencies),
  status: z.enum(caseStatuses),
  assigned: z.boolean(),
  referredAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  coversReferrerUpdates: z.boolean(),
  history: z.array(ReferralStatusChange),
  summary: ReferrerSummary.nullable(),
  summaryWithheld: z.enum(summaryWithheldReasons).nullable(),
});
export type Referral = z.infer<typeof Referral>;

export const ReferralListItem = z.object({
  id: Id,
  reference: z.string(),
  personName: z.string(),
  status: z.enum(caseStatuses),
  assigned: z.boolean(),
  referredAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type ReferralListItem = z.infer<typeof ReferralListItem>;

export const ReferralList = z.object({
  items: z.array(ReferralListItem),
  nextCursor: z.string().nullable(),
});
export type ReferralList = z.infer<typeof ReferralList>;

export const ReferralListQuery = z.object({ cursor: Cursor.optional(), limit: PageLimit });
export type ReferralListQuery = z.infer<typeof ReferralListQuery>;

/** Sites the caller may refer to, for the referral form's site choice. */
export const ReferralSite = z.object({ id: Id, name: z.string(), organisationName: z.string() });
export type ReferralSite = z.infer<typeof ReferralSite>;
export const ReferralSiteList = z.object({ items: z.array(ReferralSite) });
export type ReferralSiteList = z.infer<typeof ReferralSiteList>;

/** A public site: one that takes self-referrals. */
export const PublicSiteList = ReferralSiteList;
export type PublicSiteList = ReferralSiteList;

export const SelfReferralBody = z
  .object({
    siteId: Id,
    person: PersonInput,
    reasons: Reasons,
    reasonOther: z.string().trim().min(1).max(500).optional(),
    context: Context.optional(),
    /** The person ticks that they agree to be referred. */
    consent: z.boolean(),
    /** A field people never see: robots fill it in. */
    website: z.string().max(200).optional(),
  })
  .strict()
  .superRefine(requireReasonOther);
export type SelfReferralBody = z.infer<typeof SelfReferralBody>;

export const SelfReferralAcknowledgement = z.object({
  reference: z.string(),
  siteName: z.string(),
  /** Days within which the team aims to make first contact. */
  contactWithinDays: z.int(),
  acknowledgementEmailed: z.boolean(),
});
export type SelfReferralAcknowledgement = z.infer<typeof SelfReferralAcknowledgement>;

/** One person record as the link worker compares it with its possible duplicate. */
export const DuplicatePerson = z.object({
  id: Id,
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  preferredLanguage: LocaleSchema,
  contactPreference: z.enum(contactPreferences),
  cases: z.array(
    z.object({
      id: Id,
      reference: z.string(),
      status: z.enum(caseStatuses),
      referredAt: z.iso.datetime(),
    }),
  ),
});
export type DuplicatePerson = z.infer<typeof DuplicatePerson>;

/** How a person is reached: a merge changes none of these unless the link worker picks it. */
export const mergeContactFields = [
  'email',
  'phone',
  'address',
  'postalCode',
  'contactPreference',
  'preferredLanguage',
] as const;
export type MergeContactField = (typeof mergeContactFields)[number];

type ContactDetails = Record<MergeContactField, string | null>;

function comparable(field: MergeContactField, value: string | null): string {
  if (value === null) return '';
  if (field === 'email') return value.trim().toLowerCase();
  // Records made before numbers were kept in E.164 may hold them as they were typed.
  if (field === 'phone') return normalisePhone(value) ?? value.replace(/\D/g, '');
  if (field === 'postalCode') return value.replace(/[\s-]/g, '').toUpperCase();
  return value.trim();
}

/**
 * The contact details a merge could take from the newer record: those it has and the kept
 * record has otherwise. A detail the newer record lacks is never offered (it would erase).
 */
export function differingContactFields(
  kept: ContactDetails,
  newer: ContactDetails,
): MergeContactField[] {
  return mergeContactFields.filter(
    (field) =>
      comparable(field, newer[field]) !== '' &&
      comparable(field, newer[field]) !== comparable(field, kept[field]),
  );
}

export const CaseDuplicate = z.object({
  caseId: Id,
  caseVersion: z.int(),
  person: DuplicatePerson,
  existing: DuplicatePerson,
  /** The contact details the link worker may take from the case's person, one by one. */
  differingContactFields: z.array(z.enum(mergeContactFields)),
});
export type CaseDuplicate = z.infer<typeof CaseDuplicate>;

const MergePick = z.enum(['existing', 'new']);

/** Per contact detail, which record's value the merged record keeps; unnamed: the existing. */
export const MergeContactPicks = z
  .object({
    email: MergePick.optional(),
    phone: MergePick.optional(),
    address: MergePick.optional(),
    postalCode: MergePick.optional(),
    contactPreference: MergePick.optional(),
    preferredLanguage: MergePick.optional(),
  })
  .strict();
export type MergeContactPicks = z.infer<typeof MergeContactPicks>;

export const MergePersonBody = z.discriminatedUnion('keep', [
  z.object({ keep: z.literal('separate'), version: Version }).strict(),
  z
    .object({
      keep: z.literal('existing'),
      version: Version,
      contact: MergeContactPicks.default({}),
    })
    .strict(),
]);
export type MergePersonBody = z.infer<typeof MergePersonBody>;
export type MergePersonInput = z.input<typeof MergePersonBody>;

export const MergePersonResult = z.object({ caseId: Id, personId: Id, version: z.int() });
export type MergePersonResult = z.infer<typeof MergePersonResult>;
