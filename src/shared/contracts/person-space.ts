import { z } from 'zod';
import { StepOwnerSchema } from './plans';
import { ConnectionStatus } from './connections';
import { normalisePhone } from '../phone';
import { CalendarDate, Cursor, Id, LocaleSchema, Version } from './common';
import { AnswerValues, InstrumentIdSchema, Questionnaire, TimepointSchema } from './outcomes';

/*
 * The person's own space: what a person referred sees once signed in by an emailed link.
 * Only what is theirs and meant for them: their plan in their own words, who does what, and
 * how to reach their link worker; never notes, assessments, risk or anyone else.
 */

/** How long an emailed sign-in link works. */
export const personSignInLinkMinutes = 15;

export const PersonInvitation = z.object({
  /**
   * Where the invitation went, as the link worker knows it: the email address on the person's
   * record, or their mobile number (E.164) when they prefer text messages.
   */
  sentTo: z.string(),
  channel: z.enum(['email', 'sms']),
  expiresAt: z.iso.datetime(),
});
export type PersonInvitation = z.infer<typeof PersonInvitation>;

/** How long a sign-in code sent by text message works, and how many tries it allows. */
export const personSignInCodeMinutes = 10;
export const personSignInCodeAttempts = 5;
/** How long the sign-in QR code the link worker shows in person works. */
export const personSignInQrMinutes = 5;

/** A phone number as a person types it: Canadian, French, or any with its + prefix. */
export const PhoneNumber = z
  .string()
  .trim()
  .max(40)
  .refine((value) => normalisePhone(value) !== null, { message: 'phone_number_format' });

export const RequestSignInCodeBody = z.object({ phone: PhoneNumber }).strict();
export type RequestSignInCodeBody = z.infer<typeof RequestSignInCodeBody>;

/** The same answer whether or not the number is known: it never tells who is referred. */
export const SignInCodeRequested = z.object({ minutes: z.number().int() });
export type SignInCodeRequested = z.infer<typeof SignInCodeRequested>;

export const SignInWithCodeBody = z
  .object({
    phone: PhoneNumber,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'sign_in_code_format'),
  })
  .strict();
export type SignInWithCodeBody = z.infer<typeof SignInWithCodeBody>;

/** The sign-in link as a QR code the person scans on the link worker's screen. */
export const PersonSignInQr = z.object({
  /** An SVG data URL; the link itself is not sent apart, so it is not copied elsewhere. */
  qrCode: z.string(),
  expiresAt: z.iso.datetime(),
});
export type PersonSignInQr = z.infer<typeof PersonSignInQr>;

export const PersonSignInBody = z
  .object({
    /** The token from the emailed link's fragment. */
    token: z.string().min(1).max(200),
  })
  .strict();
export type PersonSignInBody = z.infer<typeof PersonSignInBody>;

export const PersonCaseSummary = z.object({ id: Id, siteName: z.string() });
export type PersonCaseSummary = z.infer<typeof PersonCaseSummary>;

export const PersonSession = z.object({
  givenName: z.string(),
  locale: LocaleSchema,
  csrfToken: z.string(),
  /** The person's cases under way (accepted, not closed), the newest first. */
  cases: z.array(PersonCaseSummary),
});
export type PersonSession = z.infer<typeof PersonSession>;

export const PersonPlanStep = z.object({
  id: Id,
  text: z.string(),
  owner: StepOwnerSchema,
  dueOn: CalendarDate.nullable(),
  done: z.boolean(),
});
export type PersonPlanStep = z.infer<typeof PersonPlanStep>;

export const PersonPlanGoal = z.object({
  id: Id,
  text: z.string(),
  steps: z.array(PersonPlanStep),
});
export type PersonPlanGoal = z.infer<typeof PersonPlanGoal>;

export const PersonLinkWorker = z.object({ name: z.string(), email: z.string() });
export type PersonLinkWorker = z.infer<typeof PersonLinkWorker>;

export const PersonNote = z.object({ id: Id, body: z.string(), createdAt: z.iso.datetime() });
export type PersonNote = z.infer<typeof PersonNote>;

export const PersonNoteList = z.object({ items: z.array(PersonNote) });
export type PersonNoteList = z.infer<typeof PersonNoteList>;

export const AddPersonNoteBody = z
  .object({
    /** A few words for the link worker, in the person's own words. */
    body: z.string().trim().min(1).max(2000),
  })
  .strict();
export type AddPersonNoteBody = z.infer<typeof AddPersonNoteBody>;

export const PersonPlan = z.object({
  caseId: Id,
  siteName: z.string(),
  organisationName: z.string(),
  /** Null while no link worker has the case. */
  linkWorker: PersonLinkWorker.nullable(),
  agreedOn: CalendarDate.nullable(),
  goals: z.array(PersonPlanGoal),
  /** The notes the person wrote to their link worker on this case, the newest first. */
  notes: z.array(PersonNote),
  /** Whether the person may still mark steps done and write notes: not once the case closed. */
  canChange: z.boolean(),
});
export type PersonPlan = z.infer<typeof PersonPlan>;

export const PersonCaseParams = z.object({ caseId: Id });
export type PersonCaseParams = z.infer<typeof PersonCaseParams>;

export const PersonStepParams = z.object({ caseId: Id, stepId: Id });
export type PersonStepParams = z.infer<typeof PersonStepParams>;

/*
 * Increment 2: the person's activities, who opened their record, their consents, their
 * requests for correction or erasure, and their language.
 */

/** What the person may say of an activity from their space. */
export const PersonSays = z.enum(['went', 'stopped', 'something_else']);
export type PersonSays = z.infer<typeof PersonSays>;

export const PersonActivityPlace = z.object({
  name: z.string().nullable(),
  /** The address on one line. */
  address: z.string().nullable(),
});

export const PersonActivitySchedule = z.object({
  byday: z.string().nullable(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  description: z.string().nullable(),
});
export type PersonActivitySchedule = z.infer<typeof PersonActivitySchedule>;

export const PersonActivity = z.object({
  id: Id,
  activity: z.string(),
  organisationName: z.string(),
  description: z.string().nullable(),
  status: ConnectionStatus,
  /** The start date the partner gave. */
  startsOn: CalendarDate.nullable(),
  /** What the partner wrote to the person with its acceptance. */
  partnerMessage: z.string().nullable(),
  places: z.array(PersonActivityPlace),
  schedules: z.array(PersonActivitySchedule),
  costs: z.array(
    z.object({
      option: z.string().nullable(),
      amount: z.number().nullable(),
      currency: z.string().nullable(),
    }),
  ),
  feesDescription: z.string().nullable(),
  contact: z.object({
    phones: z.array(z.string()),
    email: z.string().nullable(),
    url: z.string().nullable(),
  }),
  /** What the person said of it before, the newest first. */
  said: z.array(
    z.object({ said: PersonSays, reason: z.string().nullable(), at: z.iso.datetime() }),
  ),
  /** Whether the person may still say something of it: not once the case closed. */
  canSay: z.boolean(),
});
export type PersonActivity = z.infer<typeof PersonActivity>;

export const PersonActivityList = z.object({ items: z.array(PersonActivity) });
export type PersonActivityList = z.infer<typeof PersonActivityList>;

export const PersonActivityParams = z.object({ caseId: Id, connectionId: Id });
export type PersonActivityParams = z.infer<typeof PersonActivityParams>;

export const PersonSaysBody = z
  .object({
    said: PersonSays,
    /** Why they stopped, or what they would like instead, in their words. */
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .refine((body) => body.said !== 'stopped' || body.reason !== undefined, {
    path: ['reason'],
    message: 'reason_required',
  });
export type PersonSaysBody = z.infer<typeof PersonSaysBody>;

/** The roles named to the person in the record of who opened it. */
export const PersonAccessRole = z.enum([
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
]);

/** One day someone of a role at a place opened the person's record: never who, by name or id. */
export const PersonRecordAccess = z.object({
  firstAt: z.iso.datetime(),
  roles: z.array(PersonAccessRole),
  siteName: z.string().nullable(),
  organisationName: z.string().nullable(),
  /** Whether they only read it, or changed something too. */
  changed: z.boolean(),
});
export type PersonRecordAccess = z.infer<typeof PersonRecordAccess>;

export const PersonRecordAccessList = z.object({
  items: z.array(PersonRecordAccess),
  nextCursor: z.string().nullable(),
});
export type PersonRecordAccessList = z.infer<typeof PersonRecordAccessList>;

export const PersonRecordAccessQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type PersonRecordAccessQuery = z.infer<typeof PersonRecordAccessQuery>;

/** The consents the person may withdraw from their space. */
export const PersonConsentScope = z.enum(['referrer_updates', 'partner_sharing']);
export type PersonConsentScope = z.infer<typeof PersonConsentScope>;

export const PersonConsentState = z.object({
  /** Whether the consent the person gave covers it now. */
  given: z.boolean(),
  withdrawnAt: z.iso.datetime().nullable(),
});
export const PersonConsents = z.object({
  referrerUpdates: PersonConsentState,
  partnerSharing: PersonConsentState,
});
export type PersonConsents = z.infer<typeof PersonConsents>;

export const WithdrawConsentBody = z.object({ scope: PersonConsentScope }).strict();
export type WithdrawConsentBody = z.infer<typeof WithdrawConsentBody>;

export const PersonRequestKind = z.enum(['correction', 'erasure']);
export const PersonRequestStatus = z.enum(['open', 'done', 'refused']);
export type PersonRequestStatus = z.infer<typeof PersonRequestStatus>;

export const PersonRequest = z.object({
  id: Id,
  kind: PersonRequestKind,
  body: z.string(),
  status: PersonRequestStatus,
  /** The site manager's words: why refused, or what was done. */
  response: z.string().nullable(),
  createdAt: z.iso.datetime(),
  handledAt: z.iso.datetime().nullable(),
});
export type PersonRequest = z.infer<typeof PersonRequest>;

export const PersonRequestList = z.object({ items: z.array(PersonRequest) });
export type PersonRequestList = z.infer<typeof PersonRequestList>;

export const AddPersonRequestBody = z
  .object({ kind: PersonRequestKind, body: z.string().trim().min(1).max(2000) })
  .strict();
export type AddPersonRequestBody = z.infer<typeof AddPersonRequestBody>;

/** A request as the case's staff see it, with whether the caller may handle it. */
export const CasePersonRequest = PersonRequest.extend({
  version: Version,
  handledByName: z.string().nullable(),
});
export type CasePersonRequest = z.infer<typeof CasePersonRequest>;

export const CasePersonRequestList = z.object({
  items: z.array(CasePersonRequest),
  /** Whether the caller (a site manager of the case's site) may record how one was handled. */
  canHandle: z.boolean(),
});
export type CasePersonRequestList = z.infer<typeof CasePersonRequestList>;

export const HandlePersonRequestBody = z
  .object({
    status: z.enum(['done', 'refused']),
    response: z.string().trim().min(1).max(2000).optional(),
    version: Version,
  })
  .strict()
  .refine((body) => body.status !== 'refused' || body.response !== undefined, {
    path: ['response'],
    message: 'reason_required',
  });
export type HandlePersonRequestBody = z.infer<typeof HandlePersonRequestBody>;

export const PersonRequestParams = z.object({ caseId: Id, requestId: Id });
export type PersonRequestParams = z.infer<typeof PersonRequestParams>;

export const PersonLanguageBody = z.object({ locale: LocaleSchema }).strict();
export type PersonLanguageBody = z.infer<typeof PersonLanguageBody>;

/*
 * Increment 3: the questionnaires due on the person's case, answered from their space, and
 * their own scores over time.
 */

/** One timepoint's questionnaires due, in the person's words (the self-completion version). */
export const PersonDueQuestionnaire = z.object({
  timepoint: TimepointSchema,
  /** The day it fell due, where the case's site is. */
  dueOn: CalendarDate.nullable(),
  instruments: Questionnaire.shape.instruments,
});
export type PersonDueQuestionnaire = z.infer<typeof PersonDueQuestionnaire>;

/** One scale of an instrument the person answered, each of their scores on it in time order. */
export const PersonScoreHistory = z.object({
  instrumentId: InstrumentIdSchema,
  scale: z.string(),
  /** The instrument's title and what it measures, and the scale's own name. */
  title: z.string(),
  measures: z.string(),
  scaleLabel: z.string(),
  direction: z.enum(['higher_is_better', 'lower_is_better']),
  range: z.object({ min: z.int(), max: z.int() }),
  points: z.array(
    z.object({
      timepoint: TimepointSchema,
      takenOn: CalendarDate,
      /** Null when too few questions were answered to score. */
      score: z.number().nullable(),
      band: z.string().nullable(),
    }),
  ),
});
export type PersonScoreHistory = z.infer<typeof PersonScoreHistory>;

export const PersonQuestionnaires = z.object({
  due: z.array(PersonDueQuestionnaire),
  history: z.array(PersonScoreHistory),
  /** False once the case is closed: nothing more to answer. */
  canAnswer: z.boolean(),
});
export type PersonQuestionnaires = z.infer<typeof PersonQuestionnaires>;

export const PersonQuestionnaireParams = z.object({ caseId: Id, timepoint: TimepointSchema });
export type PersonQuestionnaireParams = z.infer<typeof PersonQuestionnaireParams>;

export const AnswerPersonQuestionnaireBody = z
  .object({
    /** Answers by instrument id, then by item id; only instruments due at the timepoint. */
    answers: z.record(z.string(), AnswerValues),
  })
  .strict();
export type AnswerPersonQuestionnaireBody = z.infer<typeof AnswerPersonQuestionnaireBody>;
