import {
  and,
  asc,
  eq,
  inArray,
  isNotNull,
  isNull,
  min,
  notInArray,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Locale } from '../../../shared/locale';
import {
  closedCaseStatuses,
  type ContactPreference,
  type Timepoint,
} from '../../../shared/pathway';
import type { Database } from '../../db/client';
import { type JsonRow, rowFromJson } from '../../db/json-rows';
import {
  type StatementValues,
  driverValues,
  insertColumns,
  preparedStatement,
  preparedStatements,
  sqlLiterals,
  typedPlaceholders,
} from '../../db/prepared';
import {
  type NewAuditEvent,
  auditColumns,
  auditPlaceholdersWithDetails,
  auditValues,
} from '../audit';
import {
  accounts,
  auditEvents,
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

/** How void_reason is stored: 'amended' or a reason's code (the words for 'other' in void_note). */
export const amendedReason = 'amended';

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

/** A measurement of the case with its answers (to tell which alerts they raised already). */
export type MeasurementWithAnswers = {
  measurement: MeasurementRow;
  answers: Pick<AnswerRow, 'itemId' | 'value'>[];
};

const caseMeasurementStatement = preparedStatement<{ measurement: JsonRow; answers: JsonRow[] }>(
  'case_measurement',
  () => sql`select to_jsonb(m) as measurement,
      coalesce((select jsonb_agg(jsonb_build_object('itemId', a.item_id, 'value', a.value))
        from ${measurementAnswers} a where a.measurement_id = m.id), '[]'::jsonb) as answers
    from ${measurements} m
    where m.id = ${sql.placeholder('measurementId')} and m.case_id = ${sql.placeholder('caseId')}`,
);

/** One measurement of a case, voided or not, with its answers, in one query. */
export async function findCaseMeasurement(
  db: Database,
  caseId: string,
  measurementId: string,
): Promise<MeasurementWithAnswers | undefined> {
  const [row] = await caseMeasurementStatement(db, { caseId, measurementId });
  if (!row) return undefined;
  return {
    measurement: rowFromJson(measurements, row.measurement),
    answers: row.answers.map((answer) => ({
      itemId: String(answer.itemId),
      value: typeof answer.value === 'number' ? answer.value : null,
    })),
  };
}

/** Written in the SQL text (a constant sent as a parameter makes PostgreSQL plan each call). */
const closedStatuses = sqlLiterals(closedCaseStatuses);

/**
 * What requireAcceptedCase (features/cases) asks of the case, asked again by the statement
 * that writes: a case closed since it was read takes nothing. Its site's name and language
 * come with it, for the alerts an answer may raise.
 */
const caseFacts = sql`select c.id as case_id, c.person_id, c.site_id,
      c.status in (${closedStatuses}) as closed,
      (c.accepted_at is not null or c.status = 'active') as accepted,
      s.name as site_name, s.default_locale as site_locale, s.time_zone,
      (c.referred_at at time zone s.time_zone)::date as referred_on
    from ${cases} c join ${sites} s on s.id = c.site_id
    where c.id = ${sql.placeholder('caseId')}::uuid`;

/** The refusals a write checks where it writes, in the order the service refuses them. */
export type EntryFacts = {
  /** The day taken is after today where the case's site is. */
  inFuture: boolean;
  /** The day taken is before the day of the referral, where the case's site is. */
  beforeReferral: boolean;
  /**
   * The reports' pairing rule needs follow-ups dated on or after the baseline: a follow-up
   * dated before the instrument's baseline, or a baseline dated after one of its follow-ups.
   */
  beforeBaseline: boolean;
  afterFollowUp: boolean;
  contactFound: boolean;
  closed: boolean;
  accepted: boolean;
  siteName: string;
  siteLocale: Locale;
};

type EntryRow = {
  in_future: boolean;
  before_referral: boolean;
  before_baseline: boolean;
  after_follow_up: boolean;
  /** An amendment's: whether the measurement it corrects still counted, and whether another holds its timepoint. */
  old_live?: boolean;
  target_taken?: boolean;
  contact_found: boolean;
  closed: boolean;
  accepted: boolean;
  site_name: string;
  site_locale: Locale;
  measurement: JsonRow | null;
};

function entryFacts(row: EntryRow): EntryFacts {
  return {
    inFuture: row.in_future,
    beforeReferral: row.before_referral,
    beforeBaseline: row.before_baseline,
    afterFollowUp: row.after_follow_up,
    contactFound: row.contact_found,
    closed: row.closed,
    accepted: row.accepted,
    siteName: row.site_name,
    siteLocale: row.site_locale,
  };
}

/** The fields of a measurement the caller gives; the case's come from the case itself. */
const entryFields = [
  'instrumentId',
  'instrumentVersion',
  'timepoint',
  'takenOn',
  'recordedBy',
  'contactId',
  'complete',
] as const;

export type MeasurementEntry = {
  caseId: string;
  instrumentId: string;
  instrumentVersion: number;
  timepoint: Timepoint;
  takenOn: string;
  recordedBy: string;
  contactId: string | null;
  complete: boolean;
  answers: { itemId: string; value: number | null }[];
  scores: Omit<ScoreRow, 'measurementId'>[];
  /** "Today" is this instant's day where the case's site is. */
  now: Date;
  audit: NewAuditEvent;
};

type EntryShape = 'record' | 'amend';

/**
 * A link worker's measurement, its answers, its scores and its audit event (with the
 * measurement's id in its details) in one statement, written only if the case is still open
 * and accepted, the day taken is not after the site's today, and the contact (if any) is the
 * case's; an amendment first voids the measurement it corrects, in the same statement. One
 * row comes back either way: the facts the write was guarded on, and the measurement written.
 */
const entryStatement = preparedStatements<EntryShape, EntryRow>('measurement_entry', (shape) => {
  const value = (name: string) => sql.placeholder(name);
  const amend = shape === 'amend';
  const sameTarget = sql`o.case_id = w.case_id and o.instrument_id = ${value('instrumentId')}
      and o.timepoint = ${value('timepoint')} and o.voided_at is null`;
  // The instrument's other measurements that count (an amendment's own old one aside).
  const sameInstrument = sql`o.case_id = e.case_id and o.instrument_id = ${value('instrumentId')}
      and o.voided_at is null${amend ? sql` and o.id <> ${value('amendsId')}::uuid` : sql``}`;
  const voidOld: SQL = amend
    ? sql`, voided as (
          update ${measurements} set voided_at = ${value('now')}::timestamptz,
            voided_by = ${value('recordedBy')}::uuid, void_reason = '${sql.raw(amendedReason)}',
            void_note = null
          where id = ${value('amendsId')}::uuid and case_id = ${value('caseId')}::uuid
            and voided_at is null
            and exists (select 1 from writable w where not exists (
              select 1 from ${measurements} o
              where ${sameTarget} and o.id <> ${value('amendsId')}::uuid))
          returning id
        )`
    : sql``;
  const columns = [...entryFields, 'caseId', 'personId', 'siteId', 'answeredBy'];
  return sql`with entry as (
        ${caseFacts}
      ), facts as (
        select e.*,
          ${value('takenOn')}::date > (${value('now')}::timestamptz at time zone e.time_zone)::date
            as in_future,
          ${value('takenOn')}::date < e.referred_on as before_referral,
          ${value('timepoint')}::text <> 'baseline' and exists (
            select 1 from ${measurements} o where ${sameInstrument} and o.timepoint = 'baseline'
              and o.taken_on > ${value('takenOn')}::date) as before_baseline,
          ${value('timepoint')}::text = 'baseline' and exists (
            select 1 from ${measurements} o where ${sameInstrument} and o.timepoint <> 'baseline'
              and o.taken_on < ${value('takenOn')}::date) as after_follow_up,
          (${value('contactId')}::uuid is null or exists (
            select 1 from ${contacts} k
            where k.id = ${value('contactId')}::uuid and k.case_id = e.case_id)) as contact_found
        from entry e
      ), writable as (
        select * from facts where not closed and accepted and not in_future and contact_found
          and not before_referral and not before_baseline and not after_follow_up
      )${voidOld}, inserted as (
        insert into ${measurements} (${insertColumns(measurements, amend ? [...columns, 'amendsId'] : columns)})
        select ${typedPlaceholders(measurements, entryFields)}, w.case_id, w.person_id, w.site_id,
          'link_worker'${amend ? sql`, v.id` : sql``}
        from writable w${amend ? sql`, voided v` : sql``}
        ${amend ? sql`` : sql`on conflict do nothing`}
        returning *
      ), answers as (
        insert into ${measurementAnswers} (measurement_id, item_id, value)
        select i.id, a.item_id, a.value
        from inserted i,
          unnest(${value('itemIds')}::text[], ${value('itemValues')}::integer[]) as a(item_id, value)
      ), scores as (
        insert into ${measurementScores} (measurement_id, scale, value, band, reason)
        select i.id, s.scale, s.value, s.band, s.reason
        from inserted i,
          unnest(${value('scales')}::text[], ${value('scoreValues')}::double precision[],
            ${value('bands')}::text[], ${value('reasons')}::text[]) as s(scale, value, band, reason)
      ), audit as (
        insert into ${auditEvents} (${auditColumns})
        select ${auditPlaceholdersWithDetails(sql`jsonb_build_object('measurementId', i.id)`)}
        from inserted i
      )
      select f.in_future, f.before_referral, f.before_baseline, f.after_follow_up, f.contact_found, f.closed, f.accepted, f.site_name, f.site_locale,
        (select to_jsonb(i) from inserted i) as measurement${
          amend
            ? sql`,
        exists (select 1 from ${measurements} o
          where o.id = ${value('amendsId')}::uuid and o.voided_at is null) as old_live,
        exists (select 1 from ${measurements} o, facts w
          where ${sameTarget} and o.id <> ${value('amendsId')}::uuid) as target_taken`
            : sql``
        }
      from facts f`;
});
function entryValues(entry: MeasurementEntry): StatementValues {
  return {
    ...driverValues(
      measurements,
      Object.fromEntries(entryFields.map((field) => [field, entry[field]])),
    ),
    ...auditValues(entry.audit),
    caseId: entry.caseId,
    now: entry.now.toISOString(),
    itemIds: entry.answers.map((answer) => answer.itemId),
    itemValues: entry.answers.map((answer) => answer.value),
    scales: entry.scores.map((score) => score.scale),
    scoreValues: entry.scores.map((score) => score.value),
    bands: entry.scores.map((score) => score.band),
    reasons: entry.scores.map((score) => score.reason),
  };
}

/** What a write answers: the facts it was guarded on, and the measurement if written. */
export type EntryResult = { facts: EntryFacts; measurement: MeasurementRow | undefined };

/**
 * Records a measurement (see entryStatement); undefined when the case is gone. No measurement
 * with all facts met: the case already has one of the instrument at the timepoint.
 */
export async function writeMeasurementEntry(
  db: Database,
  entry: MeasurementEntry,
): Promise<EntryResult | undefined> {
  const [row] = await entryStatement(db, 'record', entryValues(entry));
  return row && entryResult(row);
}

/** As EntryResult, for an amendment, with why nothing was written when the facts were met. */
export type AmendmentResult = EntryResult & {
  /** The measurement corrected no longer counted (voided by someone else). */
  oldVoided: boolean;
  /** Another measurement that counts holds the instrument at the new timepoint. */
  targetTaken: boolean;
};

/**
 * Voids `amendsId` as amended and records its replacement, in one statement. When another
 * measurement takes the timepoint after the statement's snapshot, the unique index refuses
 * the replacement and the whole statement with it, the void included (see isTimepointTaken).
 */
export async function writeAmendment(
  db: Database,
  entry: MeasurementEntry,
  amendsId: string,
): Promise<AmendmentResult | undefined> {
  const [row] = await entryStatement(db, 'amend', { ...entryValues(entry), amendsId });
  if (!row) return undefined;
  return {
    ...entryResult(row),
    oldVoided: row.old_live === false,
    targetTaken: row.target_taken === true,
  };
}

/** Whether a write failed as the case already has the instrument at the timepoint. */
export function isTimepointTaken(error: unknown): boolean {
  // node-postgres's error, under drizzle's.
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ('code' in cause && cause.code === '23505' && 'constraint' in cause) {
      return cause.constraint === 'measurements_case_instrument_timepoint_key';
    }
  }
  return false;
}

function entryResult(row: EntryRow): EntryResult {
  return {
    facts: entryFacts(row),
    measurement: row.measurement ? rowFromJson(measurements, row.measurement) : undefined,
  };
}

type VoidRow = {
  found: boolean;
  live: boolean;
  closed: boolean;
  accepted: boolean;
  voided: boolean;
};

/**
 * Voids a measurement that still counts, with its audit event (naming the measurement's
 * instrument and timepoint), in one statement, only while the case is open and accepted.
 * The update queues the case for the report summaries, as an insert does.
 */
const voidStatement = preparedStatement<VoidRow>('void_measurement', () => {
  const value = (name: string) => sql.placeholder(name);
  const target = sql`m.id = ${value('id')}::uuid and m.case_id = ${value('caseId')}::uuid`;
  return sql`with entry as (
      ${caseFacts}
    ), voided as (
      update ${measurements} m set voided_at = ${value('at')}::timestamptz,
        voided_by = ${value('voidedBy')}::uuid, void_reason = ${value('voidReason')},
        void_note = ${value('voidNote')}
      where ${target} and m.voided_at is null
        and exists (select 1 from entry where not closed and accepted)
      returning m.id, m.instrument_id, m.timepoint
    ), audit as (
      insert into ${auditEvents} (${auditColumns})
      select ${auditPlaceholdersWithDetails(
        sql`jsonb_build_object('measurementId', v.id, 'instrumentId', v.instrument_id, 'timepoint', v.timepoint)`,
      )}
      from voided v
    )
    select e.closed, e.accepted,
      exists (select 1 from ${measurements} m where ${target}) as found,
      exists (select 1 from ${measurements} m where ${target} and m.voided_at is null) as live,
      exists (select 1 from voided) as voided
    from entry e`;
});

/** Why a void wrote nothing, if it did not; undefined when the case is gone. */
export async function voidMeasurementWithAudit(
  db: Database,
  values: {
    caseId: string;
    id: string;
    voidedBy: string;
    voidReason: string;
    voidNote: string | null;
    at: Date;
  },
  audit: NewAuditEvent,
): Promise<VoidRow | undefined> {
  const [row] = await voidStatement(db, {
    ...auditValues(audit),
    caseId: values.caseId,
    id: values.id,
    voidedBy: values.voidedBy,
    voidReason: values.voidReason,
    voidNote: values.voidNote,
    at: values.at.toISOString(),
  });
  return row;
}

export type OutcomesContext = {
  siteName: string;
  siteLocale: Locale;
  followUpMonths: number[];
  instruments: string[];
  remindPeople: boolean;
  personGivenName: string;
  personEmail: string | null;
  personPhone: string | null;
  personContactPreference: ContactPreference;
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
      personPhone: people.phone,
      personContactPreference: people.contactPreference,
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
