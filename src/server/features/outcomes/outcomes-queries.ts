import { and, asc, eq, inArray, isNotNull, isNull, min, notInArray } from 'drizzle-orm';
import type { Locale } from '../../../shared/locale';
import type { Timepoint } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import {
  accounts,
  cases,
  contacts,
  measurementAnswers,
  measurementReminders,
  measurements,
  measurementScores,
  people,
  questionnaireRequests,
  sites,
} from '../../db/schema';

export type MeasurementRow = typeof measurements.$inferSelect;
export type MeasurementInsert = typeof measurements.$inferInsert;
export type ScoreRow = typeof measurementScores.$inferSelect;
export type AnswerRow = typeof measurementAnswers.$inferSelect;
/** A measurement with its scores, its answers, and who voided it (if anyone). */
export type StoredMeasurement = {
  measurement: MeasurementRow;
  scores: ScoreRow[];
  answers: AnswerRow[];
  voidedByName: string | null;
};

/** Counts in reports, charts, reminders and checks: not voided (amended or set aside). */
export const liveMeasurement = isNull(measurements.voidedAt);
export type QuestionnaireRequestRow = typeof questionnaireRequests.$inferSelect;

/** Inserts a measurement; undefined when the case already has this instrument at this timepoint. */
export async function insertMeasurement(
  db: Database,
  values: MeasurementInsert,
): Promise<MeasurementRow | undefined> {
  const [row] = await db.insert(measurements).values(values).onConflictDoNothing().returning();
  return row;
}

export async function insertAnswers(
  db: Database,
  measurementId: string,
  answers: { itemId: string; value: number | null }[],
): Promise<void> {
  if (answers.length === 0) return;
  await db
    .insert(measurementAnswers)
    .values(answers.map((answer) => ({ measurementId, ...answer })));
}

export async function insertScores(
  db: Database,
  measurementId: string,
  scores: Omit<ScoreRow, 'measurementId'>[],
): Promise<ScoreRow[]> {
  if (scores.length === 0) return [];
  return db
    .insert(measurementScores)
    .values(scores.map((score) => ({ measurementId, ...score })))
    .returning();
}

/** Every measurement of the case, voided ones included (the caller tells them apart). */
export async function selectCaseMeasurements(
  db: Database,
  caseId: string,
): Promise<StoredMeasurement[]> {
  const rows = await db
    .select({ measurement: measurements, voidedByName: accounts.displayName })
    .from(measurements)
    .leftJoin(accounts, eq(accounts.id, measurements.voidedBy))
    .where(eq(measurements.caseId, caseId))
    .orderBy(asc(measurements.takenOn), asc(measurements.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.measurement.id);
  const scores = await db
    .select()
    .from(measurementScores)
    .where(inArray(measurementScores.measurementId, ids));
  const answers = await db
    .select()
    .from(measurementAnswers)
    .where(inArray(measurementAnswers.measurementId, ids));
  return rows.map(({ measurement, voidedByName }) => ({
    measurement,
    voidedByName,
    scores: scores.filter((score) => score.measurementId === measurement.id),
    answers: answers.filter((answer) => answer.measurementId === measurement.id),
  }));
}

/** One measurement of a case, voided or not. */
export async function findCaseMeasurement(
  db: Database,
  caseId: string,
  measurementId: string,
): Promise<MeasurementRow | undefined> {
  const [row] = await db
    .select()
    .from(measurements)
    .where(and(eq(measurements.id, measurementId), eq(measurements.caseId, caseId)));
  return row;
}

export async function selectAnswers(db: Database, measurementId: string): Promise<AnswerRow[]> {
  return db
    .select()
    .from(measurementAnswers)
    .where(eq(measurementAnswers.measurementId, measurementId));
}

/**
 * Voids a measurement that still counts; false when it was voided already (by someone
 * else meanwhile). The update queues the case for the report summaries, as an insert does.
 */
export async function markMeasurementVoided(
  db: Database,
  values: {
    id: string;
    voidedBy: string | null;
    voidReason: string;
    voidNote?: string | null;
    at: Date;
  },
): Promise<boolean> {
  const rows = await db
    .update(measurements)
    .set({
      voidedAt: values.at,
      voidedBy: values.voidedBy,
      voidReason: values.voidReason,
      voidNote: values.voidNote ?? null,
    })
    .where(and(eq(measurements.id, values.id), liveMeasurement))
    .returning({ id: measurements.id });
  return rows.length > 0;
}

export type OutcomesContext = {
  siteName: string;
  siteLocale: Locale;
  followUpMonths: number[];
  instruments: string[];
  remindPeople: boolean;
  personGivenName: string;
  personEmail: string | null;
  personLocale: Locale;
  /** The site's IANA zone: the case's "today". */
  timeZone: string;
};

/** The site's schedule and the few details of the person a questionnaire needs. */
export async function findOutcomesContext(
  db: Database,
  caseId: string,
): Promise<OutcomesContext | undefined> {
  const [row] = await db
    .select({
      siteName: sites.name,
      siteLocale: sites.defaultLocale,
      followUpMonths: sites.measurementFollowUpMonths,
      instruments: sites.measurementInstruments,
      remindPeople: sites.remindPeopleOfMeasurements,
      personGivenName: people.givenName,
      personEmail: people.email,
      personLocale: people.preferredLanguage,
      timeZone: sites.timeZone,
    })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(people, eq(people.id, cases.personId))
    .where(eq(cases.id, caseId));
  return row;
}

export async function findAccountContact(
  db: Database,
  accountId: string,
): Promise<{ email: string; locale: Locale | null; active: boolean } | undefined> {
  const [row] = await db
    .select({ email: accounts.email, locale: accounts.locale, active: accounts.active })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row;
}

export async function insertQuestionnaireRequest(
  db: Database,
  values: typeof questionnaireRequests.$inferInsert,
): Promise<QuestionnaireRequestRow> {
  const [row] = await db.insert(questionnaireRequests).values(values).returning();
  if (!row) throw new Error('insert into questionnaire_requests returned no row');
  return row;
}

export async function findQuestionnaireRequest(
  db: Database,
  id: string,
): Promise<QuestionnaireRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(questionnaireRequests)
    .where(eq(questionnaireRequests.id, id));
  return row;
}

export async function markQuestionnaireAnswered(db: Database, id: string, at: Date): Promise<void> {
  await db
    .update(questionnaireRequests)
    .set({ answeredAt: at })
    .where(eq(questionnaireRequests.id, id));
}

export type ReminderCandidate = {
  caseId: string;
  reference: string;
  siteId: string;
  assignedTo: string;
  acceptedAt: Date | null;
  baselineDay: string;
  followUpMonths: number[];
  instruments: string[];
  remindPeople: boolean;
  timeZone: string;
};

/**
 * Open cases with an assigned link worker and a baseline: the only ones a follow-up can
 * come due for. The caller works out which timepoints are due.
 */
export async function selectReminderCandidates(db: Database): Promise<ReminderCandidate[]> {
  const baselines = db
    .select({
      caseId: measurements.caseId,
      baselineDay: min(measurements.takenOn).as('baseline_day'),
    })
    .from(measurements)
    .where(and(eq(measurements.timepoint, 'baseline'), liveMeasurement))
    .groupBy(measurements.caseId)
    .as('baselines');
  const rows = await db
    .select({
      caseId: cases.id,
      reference: cases.reference,
      siteId: cases.siteId,
      assignedTo: cases.assignedTo,
      acceptedAt: cases.acceptedAt,
      baselineDay: baselines.baselineDay,
      followUpMonths: sites.measurementFollowUpMonths,
      instruments: sites.measurementInstruments,
      remindPeople: sites.remindPeopleOfMeasurements,
      timeZone: sites.timeZone,
    })
    .from(cases)
    .innerJoin(baselines, eq(baselines.caseId, cases.id))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(
      and(
        isNotNull(cases.assignedTo),
        notInArray(cases.status, ['declined', 'unreachable', 'discharged']),
      ),
    );
  return rows.flatMap((row) =>
    row.assignedTo && row.baselineDay
      ? [{ ...row, assignedTo: row.assignedTo, baselineDay: row.baselineDay }]
      : [],
  );
}

export async function selectRecordedAt(
  db: Database,
  caseId: string,
): Promise<{ instrumentId: string; timepoint: Timepoint; takenOn: string }[]> {
  return db
    .select({
      instrumentId: measurements.instrumentId,
      timepoint: measurements.timepoint,
      takenOn: measurements.takenOn,
    })
    .from(measurements)
    .where(and(eq(measurements.caseId, caseId), liveMeasurement));
}

/** Remembers that a timepoint was reminded; false when it already was (never twice). */
export async function markTimepointReminded(
  db: Database,
  caseId: string,
  timepoint: Timepoint,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .insert(measurementReminders)
    .values({ caseId, timepoint, remindedAt: at })
    .onConflictDoNothing()
    .returning({ caseId: measurementReminders.caseId });
  return rows.length > 0;
}

/** The case a questionnaire link belongs to (the link, not an account, authorizes it). */
export async function findCaseRow(
  db: Database,
  caseId: string,
): Promise<typeof cases.$inferSelect | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row;
}

export async function contactBelongsToCase(
  db: Database,
  contactId: string,
  caseId: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.caseId, caseId)));
  return rows.length > 0;
}
