import { z } from 'zod';
import { instrumentIds, type InstrumentId } from '../instruments';
import { timepoints } from '../pathway';
import { CalendarDate, Id, LocaleSchema, RecentDay } from './common';

/**
 * Outcome measurements of a case (measures.md): a link worker records one in an encounter,
 * or the person answers through a signed link. Instrument wording, options and bands come
 * from src/shared/instruments, which the web reads too; these contracts carry ids, values,
 * scores and the words the server alone decides (safeguarding messages).
 */

export const OutcomesCaseParams = z.object({ caseId: Id });
export type OutcomesCaseParams = z.infer<typeof OutcomesCaseParams>;

export const TimepointSchema = z.enum(timepoints);
export const InstrumentIdSchema = z.enum(instrumentIds as [InstrumentId, ...InstrumentId[]]);

const ItemId = z.string().regex(/^[a-z][a-z0-9_]*$/);

/** An item's answer by item id; null (or left out) for an unanswered item, never zero. */
export const AnswerValues = z.record(ItemId, z.int().nullable());
export type AnswerValues = z.infer<typeof AnswerValues>;

export const RecordMeasurementBody = z
  .object({
    instrumentId: InstrumentIdSchema,
    timepoint: TimepointSchema,
    takenOn: RecentDay,
    answers: AnswerValues,
    /** The encounter it was taken in, when recorded with a contact. */
    contactId: Id.optional(),
  })
  .strict();
export type RecordMeasurementBody = z.infer<typeof RecordMeasurementBody>;

export const ScoreView = z.object({
  scale: z.string(),
  value: z.number().nullable(),
  band: z.string().nullable(),
  /** Why there is no score: the instrument's missing-items rule, never a silent zero. */
  reason: z.enum(['missing_items', 'invalid_answers']).nullable(),
});
export type ScoreView = z.infer<typeof ScoreView>;

export const MeasurementView = z.object({
  id: Id,
  instrumentId: InstrumentIdSchema,
  instrumentVersion: z.int(),
  timepoint: TimepointSchema,
  takenOn: CalendarDate,
  answeredBy: z.enum(['link_worker', 'person']),
  complete: z.boolean(),
  scores: z.array(ScoreView),
  /** The answers by item id (null: unanswered), so a correction starts from them. */
  answers: AnswerValues,
});
export type MeasurementView = z.infer<typeof MeasurementView>;

/** Why a measurement no longer counts: replaced by an amendment, or voided by hand. */
export const voidReasons = ['entered_in_error', 'wrong_person', 'other'] as const;
export const VoidReasonSchema = z.enum(voidReasons);
export type VoidReason = z.infer<typeof VoidReasonSchema>;

/** A voided or amended measurement, kept for the record: who set it aside, when and why. */
export const CorrectedMeasurement = MeasurementView.extend({
  correction: z.object({
    kind: z.enum(['amended', 'voided']),
    /** Null when amended. */
    reason: VoidReasonSchema.nullable(),
    /** The words given with 'other'. */
    note: z.string().nullable(),
    at: z.iso.datetime(),
    /** The name of the account that corrected it. */
    by: z.string().nullable(),
    /** The measurement that replaced it, when amended. */
    replacedBy: Id.nullable(),
  }),
});
export type CorrectedMeasurement = z.infer<typeof CorrectedMeasurement>;

/** A safeguarding alert raised by an answer, in the caller's language. */
export const SafeguardingAlert = z.object({
  triggerId: z.string(),
  instrumentId: InstrumentIdSchema,
  message: z.string(),
  /** What to do next. */
  action: z.string(),
});
export type SafeguardingAlert = z.infer<typeof SafeguardingAlert>;

export const RecordMeasurementResult = z.object({
  measurement: MeasurementView,
  safeguarding: z.array(SafeguardingAlert),
});
export type RecordMeasurementResult = z.infer<typeof RecordMeasurementResult>;

export const DueMeasurement = z.object({
  timepoint: TimepointSchema,
  /** Null for discharge (due when the case closes) or a baseline before acceptance. */
  dueOn: CalendarDate.nullable(),
  instrumentIds: z.array(InstrumentIdSchema),
  overdue: z.boolean(),
});
export type DueMeasurement = z.infer<typeof DueMeasurement>;

export const OutcomesPermissions = z.object({
  canRecord: z.boolean(),
  canSendLink: z.boolean(),
  /** Amend or void a recorded measurement. */
  canCorrect: z.boolean(),
});
export type OutcomesPermissions = z.infer<typeof OutcomesPermissions>;

export const CaseOutcomes = z.object({
  caseId: Id,
  /** Measurements by instrument, each list in timepoint order. */
  instruments: z.array(
    z.object({
      instrumentId: InstrumentIdSchema,
      /** The measurements that count: what charts and reports use. */
      measurements: z.array(MeasurementView),
      /** Voided or amended measurements, oldest first: history only. */
      corrected: z.array(CorrectedMeasurement),
    }),
  ),
  due: z.array(DueMeasurement),
  /**
   * For every instrument, the timepoint to offer first when recording it (null: nothing is
   * due for it) and the timepoints not yet recorded for it, in order.
   */
  recording: z.array(
    z.object({
      instrumentId: InstrumentIdSchema,
      due: TimepointSchema.nullable(),
      available: z.array(TimepointSchema),
    }),
  ),
  schedule: z.object({
    followUpMonths: z.array(z.int()),
    instruments: z.array(InstrumentIdSchema),
  }),
  /** Whether the person has an email address a questionnaire link can go to. */
  personHasEmail: z.boolean(),
  permissions: OutcomesPermissions,
});
export type CaseOutcomes = z.infer<typeof CaseOutcomes>;

/** closing=true: the case is being closed, so the discharge measurement is the one due. */
export const CaseOutcomesQuery = z.object({ closing: z.enum(['true', 'false']).optional() });
export type CaseOutcomesQuery = z.infer<typeof CaseOutcomesQuery>;

export const MeasurementParams = z.object({ caseId: Id, measurementId: Id });
export type MeasurementParams = z.infer<typeof MeasurementParams>;

/** The answers entered again: a new measurement replaces the old one, which is kept, voided. */
export const AmendMeasurementBody = z
  .object({
    timepoint: TimepointSchema,
    takenOn: RecentDay,
    answers: AnswerValues,
    contactId: Id.optional(),
  })
  .strict();
export type AmendMeasurementBody = z.infer<typeof AmendMeasurementBody>;

export const VoidMeasurementBody = z
  .object({
    reason: VoidReasonSchema,
    /** Required with 'other'. */
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.reason === 'other' && !body.note) {
      context.addIssue({ code: 'custom', path: ['note'], message: 'reason_other_required' });
    }
  });
export type VoidMeasurementBody = z.infer<typeof VoidMeasurementBody>;

export const CreateMeasurementLinkBody = z
  .object({
    instrumentIds: z
      .array(InstrumentIdSchema)
      .min(1)
      .max(instrumentIds.length)
      .refine((list) => new Set(list).size === list.length, 'duplicate_items'),
    timepoint: TimepointSchema,
    sendByEmail: z.boolean(),
  })
  .strict();
export type CreateMeasurementLinkBody = z.infer<typeof CreateMeasurementLinkBody>;

export const MeasurementLink = z.object({
  url: z.string(),
  /** The link as a QR code (an SVG data URL) to show the person in the room. */
  qrCode: z.string(),
  expiresAt: z.iso.datetime(),
  emailed: z.boolean(),
});
export type MeasurementLink = z.infer<typeof MeasurementLink>;

export const QuestionnaireParams = z.object({ token: z.string().min(1).max(200) });
export type QuestionnaireParams = z.infer<typeof QuestionnaireParams>;
export const QuestionnaireQuery = z.object({ locale: LocaleSchema.optional() });
export type QuestionnaireQuery = z.infer<typeof QuestionnaireQuery>;

/**
 * What the person sees: the questions in one language, their given name and nothing else;
 * the wording of the self-completion version, and never the name of a scale.
 */
export const Questionnaire = z.object({
  locale: LocaleSchema,
  givenName: z.string(),
  expiresAt: z.iso.datetime(),
  instruments: z.array(
    z.object({
      instrumentId: InstrumentIdSchema,
      instructions: z.string().nullable(),
      items: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          options: z.array(z.object({ value: z.int(), label: z.string() })),
        }),
      ),
    }),
  ),
});
export type Questionnaire = z.infer<typeof Questionnaire>;

export const AnswerQuestionnaireBody = z
  .object({
    /** Answers by instrument id, then by item id. */
    answers: z.record(z.string(), AnswerValues),
    locale: LocaleSchema.optional(),
  })
  .strict();
export type AnswerQuestionnaireBody = z.infer<typeof AnswerQuestionnaireBody>;

export const QuestionnaireAnswered = z.object({
  /**
   * True when an answer raised a safeguarding alert: the thank-you page then shows where to
   * find help now. The definition's own alert text is written for staff, so it is not sent.
   */
  showCrisisSupport: z.boolean(),
});
export type QuestionnaireAnswered = z.infer<typeof QuestionnaireAnswered>;
