import { z } from 'zod';
import { StepOwnerSchema } from './plans';
import { CalendarDate, Id, LocaleSchema } from './common';

/*
 * The person's own space: what a person referred sees once signed in by an emailed link.
 * Only what is theirs and meant for them: their plan in their own words, who does what, and
 * how to reach their link worker; never notes, assessments, risk or anyone else.
 */

/** How long an emailed sign-in link works. */
export const personSignInLinkMinutes = 15;

export const PersonInvitation = z.object({
  /** The address the invitation went to, as on the person's record (shown to the link worker). */
  sentTo: z.string(),
  expiresAt: z.iso.datetime(),
});
export type PersonInvitation = z.infer<typeof PersonInvitation>;

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
