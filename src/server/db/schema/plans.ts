// Written by features/plans.
import { sql } from 'drizzle-orm';
import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { cases } from './cases';
import { timestamps, version } from './columns';

export type AssessmentNeeds = Partial<Record<string, 'none' | 'some' | 'high'>>;

/** "What matters to you": one per case, edited in place with a version check. */
export const assessments = pgTable('assessments', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id),
  whatMatters: text('what_matters'),
  needs: jsonb('needs').$type<AssessmentNeeds>().notNull().default({}),
  strengths: text('strengths'),
  interests: text('interests'),
  barriers: text('barriers')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  barrierNotes: text('barrier_notes'),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  ...version,
  ...timestamps,
});

export type PlanGoal = {
  id: string;
  text: string;
  steps: { id: string; text: string; owner: string; dueOn: string | null; doneAt: string | null }[];
};

/** The co-produced action plan: goals in the person's words, edited as a whole. */
export const actionPlans = pgTable('action_plans', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id),
  goals: jsonb('goals').$type<PlanGoal[]>().notNull().default([]),
  agreedOn: date('agreed_on', { mode: 'string' }),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  ...version,
  ...timestamps,
});

export const planReviews = pgTable(
  'plan_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
    notes: text('notes').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('plan_reviews_case_idx').on(t.caseId, t.reviewedOn)],
);

export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['review', 'call', 'measurement'] }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    note: text('note'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    ...version,
    ...timestamps,
  },
  (t) => [
    index('follow_ups_case_idx').on(t.caseId, t.dueOn),
    index('follow_ups_due_idx')
      .on(t.dueOn)
      .where(sql`done_at is null`),
  ],
);
