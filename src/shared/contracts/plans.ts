import { z } from 'zod';
import { barriers, followUpKinds, needDomains, needLevels, stepOwners } from '../pathway';
import { CalendarDate, Id, LocaleSchema, PlannedDay, RecentDay, Version } from './common';

/*
 * The person's assessment ("what matters to you"), their co-produced action plan with its
 * reviews, and the link worker's follow-ups. Each response says whether the caller may
 * still change it: a closed case is read-only.
 */

export const CaseIdParams = z.object({ caseId: Id });
export type CaseIdParams = z.infer<typeof CaseIdParams>;

export const CasePermissions = z.object({ canEdit: z.boolean() });
export type CasePermissions = z.infer<typeof CasePermissions>;

const LongText = z.string().trim().max(4000);
/** Optional free text: empty means nothing was written. */
const OptionalText = LongText.nullable().optional();
/** The first save of a record names no version (or 0); later saves name the one they read. */
const VersionOrNew = z.int32().min(0).optional();

export const NeedDomainSchema = z.enum(needDomains);
export const NeedLevelSchema = z.enum(needLevels);
export const BarrierSchema = z.enum(barriers);
export const StepOwnerSchema = z.enum(stepOwners);
export const FollowUpKindSchema = z.enum(followUpKinds);

export const AssessmentNeeds = z.partialRecord(NeedDomainSchema, NeedLevelSchema);
export type AssessmentNeeds = z.infer<typeof AssessmentNeeds>;

export const Assessment = z.object({
  caseId: Id,
  whatMatters: z.string().nullable(),
  needs: AssessmentNeeds,
  strengths: z.string().nullable(),
  /** Interests and talents: what the person brings, not only what they lack. */
  interests: z.string().nullable(),
  barriers: z.array(BarrierSchema),
  barrierNotes: z.string().nullable(),
  completedAt: z.iso.datetime().nullable(),
  /** 0 until the first save. */
  version: z.int(),
  updatedAt: z.iso.datetime().nullable(),
  permissions: CasePermissions,
});
export type Assessment = z.infer<typeof Assessment>;

export const SaveAssessmentBody = z
  .object({
    whatMatters: OptionalText,
    needs: AssessmentNeeds.default({}),
    strengths: OptionalText,
    interests: OptionalText,
    barriers: z.array(BarrierSchema).max(barriers.length).default([]),
    barrierNotes: OptionalText,
    completed: z.boolean().default(false),
    version: VersionOrNew,
  })
  .strict();
export type SaveAssessmentBody = z.infer<typeof SaveAssessmentBody>;

export const PlanStep = z.object({
  id: Id,
  text: z.string(),
  owner: StepOwnerSchema,
  dueOn: CalendarDate.nullable(),
  done: z.boolean(),
  doneAt: z.iso.datetime().nullable(),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const PlanGoal = z.object({ id: Id, text: z.string(), steps: z.array(PlanStep) });
export type PlanGoal = z.infer<typeof PlanGoal>;

export const PlanReview = z.object({
  id: Id,
  reviewedOn: CalendarDate,
  notes: z.string(),
  recordedByName: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type PlanReview = z.infer<typeof PlanReview>;

export const ActionPlan = z.object({
  caseId: Id,
  goals: z.array(PlanGoal),
  agreedOn: CalendarDate.nullable(),
  /** 0 until the first save. */
  version: z.int(),
  updatedAt: z.iso.datetime().nullable(),
  reviews: z.array(PlanReview),
  permissions: CasePermissions,
});
export type ActionPlan = z.infer<typeof ActionPlan>;

const ItemText = z.string().trim().min(1).max(1000);

export const PlanStepInput = z
  .object({
    /** Absent for a new step: the server gives it one. */
    id: Id.optional(),
    text: ItemText,
    owner: StepOwnerSchema,
    dueOn: PlannedDay.nullable().default(null),
    done: z.boolean().default(false),
  })
  .strict();
export type PlanStepInput = z.infer<typeof PlanStepInput>;

export const PlanGoalInput = z
  .object({
    id: Id.optional(),
    /** In the person's own words. */
    text: ItemText,
    steps: z.array(PlanStepInput).max(30).default([]),
  })
  .strict();
export type PlanGoalInput = z.infer<typeof PlanGoalInput>;

export const SavePlanBody = z
  .object({
    goals: z.array(PlanGoalInput).max(20),
    /** The day the person agreed the plan; never in the future. */
    agreedOn: RecentDay.nullable().default(null),
    /** Schedules a review of the plan on this day, as a follow-up. */
    reviewOn: PlannedDay.nullable().optional(),
    version: VersionOrNew,
  })
  .strict();
export type SavePlanBody = z.infer<typeof SavePlanBody>;

export const CreatePlanReviewBody = z
  .object({ reviewedOn: RecentDay, notes: z.string().trim().min(1).max(4000) })
  .strict();
export type CreatePlanReviewBody = z.infer<typeof CreatePlanReviewBody>;

export const FollowUp = z.object({
  id: Id,
  caseId: Id,
  kind: FollowUpKindSchema,
  dueOn: CalendarDate,
  note: z.string().nullable(),
  doneAt: z.iso.datetime().nullable(),
  remindedAt: z.iso.datetime().nullable(),
  version: z.int(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const FollowUpList = z.object({
  items: z.array(FollowUp),
  /** The day the server counts as today, so due and overdue agree with reminders. */
  today: CalendarDate,
  permissions: CasePermissions,
});
export type FollowUpList = z.infer<typeof FollowUpList>;

export const CreateFollowUpBody = z
  .object({
    kind: FollowUpKindSchema,
    dueOn: PlannedDay,
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();
export type CreateFollowUpBody = z.infer<typeof CreateFollowUpBody>;

export const UpdateFollowUpBody = z
  .object({ done: z.literal(true).optional(), dueOn: PlannedDay.optional(), version: Version })
  .strict()
  .refine((body) => body.done !== undefined || body.dueOn !== undefined, {
    path: ['done'],
  });
export type UpdateFollowUpBody = z.infer<typeof UpdateFollowUpBody>;

/** What the one-page printout needs, for the person, in the person's language. */
export const PlanPrintView = z.object({
  caseReference: z.string(),
  language: LocaleSchema,
  givenName: z.string(),
  goals: z.array(PlanGoal),
  agreedOn: CalendarDate.nullable(),
  linkWorkerName: z.string().nullable(),
  siteName: z.string(),
  organisationName: z.string(),
});
export type PlanPrintView = z.infer<typeof PlanPrintView>;
