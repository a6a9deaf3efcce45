import { z } from 'zod';
import { connectionStatuses, contactPreferences } from '../pathway';
import { CalendarDate, Id, LocaleSchema, PastDay, Version } from './common';

export const ConnectionStatus = z.enum(connectionStatuses);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** The answers that are the partner's to give (signed in, by emailed link, or by phone). */
export const PartnerConnectionStatus = z.enum([
  'accepted',
  'declined',
  'did_not_attend',
  'attended',
  'ongoing',
  'stopped',
]);
export type PartnerConnectionStatus = z.infer<typeof PartnerConnectionStatus>;

export const ReferralStatus = z.enum(['open', 'waitlist', 'full']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

const Reason = z.string().trim().min(1).max(200);
const Note = z.string().trim().max(2000);
/** The partner's words to the person with an acceptance: where to go, what to bring. */
const PartnerMessage = z.string().trim().min(1).max(1000);

/**
 * How a change came: a signed-in account, an emailed link, a partner's call recorded, or the
 * person from their own space.
 */
export const ConnectionEventVia = z.enum(['account', 'link', 'phone', 'person']);
export type ConnectionEventVia = z.infer<typeof ConnectionEventVia>;

export const ConnectionEvent = z.object({
  fromStatus: ConnectionStatus.nullable(),
  toStatus: ConnectionStatus,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  /**
   * Who made the change; null when it came through an emailed link. By phone, the link worker
   * who recorded the partner's answer on the partner's behalf.
   */
  actorName: z.string().nullable(),
  via: ConnectionEventVia,
  /** What the person said from their own space (via person): went, stopped, or other. */
  personSaid: z.enum(['went', 'stopped', 'something_else']).nullable(),
  at: z.iso.datetime(),
});
export type ConnectionEvent = z.infer<typeof ConnectionEvent>;

/** A connection as the case's link worker sees it, with its whole status history. */
export const Connection = z.object({
  id: Id,
  caseId: Id,
  serviceId: z.string().nullable(),
  partnerOrganisationId: Id.nullable(),
  organisationName: z.string(),
  activity: z.string(),
  partnerEmail: z.string().nullable(),
  personWants: z.string().nullable(),
  /** Whether the directory service takes referrals now; null when not from the directory. */
  referralStatus: ReferralStatus.nullable(),
  status: ConnectionStatus,
  statusReason: z.string().nullable(),
  firstAttendedOn: z.string().nullable(),
  /** The start date the partner gave with its acceptance. */
  startsOn: z.string().nullable(),
  /** The partner's message to the person with its acceptance. */
  partnerMessage: z.string().nullable(),
  version: Version,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  events: z.array(ConnectionEvent),
  permissions: z.object({
    /** The link worker's own next steps. */
    nextStatuses: z.array(ConnectionStatus),
    /** The partner's answers the link worker may record on the partner's behalf (by phone). */
    partnerAnswers: z.array(PartnerConnectionStatus),
  }),
});
export type Connection = z.infer<typeof Connection>;

export const ConnectionList = z.object({
  items: z.array(Connection),
  permissions: z.object({ create: z.boolean() }),
});
export type ConnectionList = z.infer<typeof ConnectionList>;

export const CaseIdParams = z.object({ caseId: Id });
export type CaseIdParams = z.infer<typeof CaseIdParams>;

/** From a directory service (serviceId), or an organisation and activity described by hand. */
export const CreateConnectionBody = z
  .object({
    serviceId: z.string().trim().min(1).max(200).optional(),
    organisationName: z.string().trim().min(1).max(200).optional(),
    activity: z.string().trim().min(1).max(300).optional(),
    partnerEmail: z.email().max(254).optional(),
    personWants: z.string().trim().min(1).max(2000),
  })
  .strict()
  .refine((b) => b.serviceId !== undefined || b.organisationName !== undefined, {
    message: 'give a directory service or an organisation',
    path: ['organisationName'],
  })
  .refine((b) => b.serviceId !== undefined || b.activity !== undefined, {
    message: 'describe the activity',
    path: ['activity'],
  });
export type CreateConnectionBody = z.infer<typeof CreateConnectionBody>;

export const ChangeConnectionStatusBody = z
  .object({
    to: ConnectionStatus,
    reason: Reason.optional(),
    note: Note.optional(),
    firstAttendedOn: PastDay.optional(),
    version: Version,
  })
  .strict();
export type ChangeConnectionStatusBody = z.infer<typeof ChangeConnectionStatusBody>;

/** What only an acceptance carries: a start date and a message to the person. */
const AcceptanceFields = {
  startsOn: CalendarDate.optional(),
  partnerMessage: PartnerMessage.optional(),
};

export const PartnerStatusBody = z
  .object({
    to: PartnerConnectionStatus,
    reason: Reason.optional(),
    firstAttendedOn: PastDay.optional(),
    ...AcceptanceFields,
    version: Version,
  })
  .strict()
  .superRefine((body, context) => {
    if (body.to === 'accepted') return;
    for (const field of ['startsOn', 'partnerMessage'] as const) {
      if (body[field] !== undefined) {
        context.addIssue({ code: 'custom', path: [field], message: 'only_with_acceptance' });
      }
    }
  });
export type PartnerStatusBody = z.infer<typeof PartnerStatusBody>;

/** A partner's answer given by phone, which the link worker records on the partner's behalf. */
export const PartnerAnswerByPhoneBody = PartnerStatusBody;
export type PartnerAnswerByPhoneBody = PartnerStatusBody;

/** One line of a partner's inbox: no personal data beyond what a list needs. */
export const PartnerConnectionSummary = z.object({
  id: Id,
  caseReference: z.string(),
  personName: z.string(),
  activity: z.string(),
  siteName: z.string(),
  status: ConnectionStatus,
  sentAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type PartnerConnectionSummary = z.infer<typeof PartnerConnectionSummary>;

export const PartnerConnectionQuery = z.object({ status: ConnectionStatus.optional() }).strict();
export type PartnerConnectionQuery = z.infer<typeof PartnerConnectionQuery>;

export const PartnerConnectionList = z.object({ items: z.array(PartnerConnectionSummary) });
export type PartnerConnectionList = z.infer<typeof PartnerConnectionList>;

/**
 * The minimum a partner needs to answer: who, how to reach them, what they want from the
 * activity, and who to call back. Never the referral's reasons, context, contacts or notes;
 * the person's interests and strengths only when they consented to share them.
 */
export const PartnerConnectionDetail = z.object({
  id: Id,
  caseReference: z.string(),
  activity: z.string(),
  organisationName: z.string(),
  status: ConnectionStatus,
  statusReason: z.string().nullable(),
  firstAttendedOn: z.string().nullable(),
  startsOn: z.string().nullable(),
  partnerMessage: z.string().nullable(),
  person: z.object({
    name: z.string(),
    preferredLanguage: LocaleSchema,
    contactPreference: z.enum(contactPreferences),
    /** The detail matching the contact preference (phone number, email address, address). */
    contactDetail: z.string().nullable(),
    wants: z.string().nullable(),
    /** Shared only with the person's consent. */
    interests: z.string().nullable(),
    strengths: z.string().nullable(),
  }),
  linkWorker: z.object({
    name: z.string().nullable(),
    siteName: z.string(),
    email: z.string().nullable(),
  }),
  version: Version,
  permissions: z.object({ nextStatuses: z.array(PartnerConnectionStatus) }),
});
export type PartnerConnectionDetail = z.infer<typeof PartnerConnectionDetail>;

export const LinkTokenParams = z.object({ token: z.string().min(10).max(200) });
export type LinkTokenParams = z.infer<typeof LinkTokenParams>;

/** What an emailed link allows: exactly one action, and what is needed to take it. */
export const LinkView = z.object({
  action: PartnerConnectionStatus,
  connection: PartnerConnectionDetail.omit({ permissions: true, version: true }),
  expiresAt: z.iso.datetime(),
});
export type LinkView = z.infer<typeof LinkView>;

export const LinkActionBody = z
  .object({
    reason: Reason.optional(),
    firstAttendedOn: PastDay.optional(),
    ...AcceptanceFields,
  })
  .strict();
export type LinkActionBody = z.infer<typeof LinkActionBody>;

export const LinkActionResult = z.object({
  action: PartnerConnectionStatus,
  status: ConnectionStatus,
});
export type LinkActionResult = z.infer<typeof LinkActionResult>;
