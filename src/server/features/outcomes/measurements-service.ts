import type {
  AmendMeasurementBody,
  CaseOutcomes,
  MeasurementView,
  RecordMeasurementBody,
  RecordMeasurementResult,
  SafeguardingAlert,
  ScoreView,
  VoidMeasurementBody,
} from '../../../shared/contracts/outcomes';
import {
  findInstrument,
  type InstrumentDefinition,
  type InstrumentId,
  instrumentIds,
  safeguardingTriggers,
  scoreMeasurement,
  type TriggeredSafeguarding,
} from '../../../shared/instruments';
import type { Locale } from '../../../shared/locale';
import type { CaseStatus, Timepoint } from '../../../shared/pathway';
import type { Config } from '../../config';
import { type Database, readTogether } from '../../db/client';
import { publicBaseUrl } from '../../platform/public-url';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { dayIn } from '../../../shared/time-zones';
import { type AuditEntry, auditEvent, caseSubject, recordAudit } from '../audit';
import {
  type CaseRow,
  isAccepted,
  isClosed,
  raiseSafeguardingConcern,
  refusedCase,
  requireAcceptedCase,
  requireCase,
} from '../cases';
import { presentCorrected, presentMeasurement } from './outcomes-presenter';
import {
  type EntryFacts,
  findAccountContact,
  findCaseMeasurement,
  findOutcomesContext,
  insertAnswers,
  insertMeasurement,
  insertScores,
  isTimepointTaken,
  type MeasurementEntry,
  type OutcomesContext,
  selectCaseMeasurements,
  voidMeasurementWithAudit,
  writeAmendment,
  writeMeasurementEntry,
} from './outcomes-queries';
import {
  assertAnswersValid,
  dueMeasurements,
  hasAnyAnswer,
  scheduleOf,
  timepointOrder,
  timepointsToRecord,
} from './outcomes-rules';

export async function contextOf(db: Database, caseId: string): Promise<OutcomesContext> {
  const context = await findOutcomesContext(db, caseId);
  if (!context) throw new Error(`case ${caseId} has no site or person`);
  return context;
}

type StoreInput = {
  caseRow: CaseRow;
  definition: InstrumentDefinition;
  timepoint: Timepoint;
  takenOn: string;
  answers: Record<string, number | null>;
  answeredBy: 'link_worker' | 'person';
  recordedBy: string | null;
  contactId: string | null;
  /** The measurement this one corrects (voided by the caller first). */
  amendsId?: string;
};

/**
 * Writes the answers item by item and the scores derived from the definition, in the
 * caller's transaction; a second measurement of the instrument at the timepoint is refused.
 */
export async function storeMeasurement(
  tx: Database,
  input: StoreInput,
): Promise<{ view: MeasurementView; triggers: TriggeredSafeguarding[] }> {
  const { definition, answers } = input;
  const scored = scoreMeasurement(definition, answers);
  const row = await insertMeasurement(tx, {
    caseId: input.caseRow.id,
    personId: input.caseRow.personId,
    siteId: input.caseRow.siteId,
    instrumentId: definition.id,
    instrumentVersion: definition.version,
    timepoint: input.timepoint,
    takenOn: input.takenOn,
    answeredBy: input.answeredBy,
    recordedBy: input.recordedBy,
    contactId: input.contactId,
    complete: scored.complete,
    amendsId: input.amendsId ?? null,
  });
  if (!row) throw new AppError('measurement_exists', { field: 'timepoint' });
  const stored = definition.items.map((item) => ({
    itemId: item.id,
    value: answers[item.id] ?? null,
  }));
  await insertAnswers(tx, row.id, stored);
  const scores = await insertScores(
    tx,
    row.id,
    scored.scores.map((score) => ({
      scale: score.scale,
      value: score.value,
      band: score.band,
      reason: score.reason,
    })),
  );
  return {
    view: presentMeasurement(row, scores, stored),
    triggers: safeguardingTriggers(definition, answers),
  };
}

/**
 * An answer that raises an alert (PHQ-9 item 9 above 0) records a safeguarding concern,
 * which emails the site's managers, and emails the case's link worker too, in the same
 * transaction as the answers. The emails carry the case reference and a link only.
 */
export async function raiseAlerts(
  tx: Database,
  config: Config,
  who: Actor | { accountId: null; origin: RequestOrigin },
  caseRow: CaseRow,
  context: Pick<OutcomesContext, 'siteName' | 'siteLocale'>,
  definition: InstrumentDefinition,
  triggers: TriggeredSafeguarding[],
): Promise<void> {
  if (triggers.length === 0) return;
  const baseUrl = publicBaseUrl(config);
  for (const trigger of triggers) {
    const concern = await raiseSafeguardingConcern(tx, {
      caseId: caseRow.id,
      level: 'urgent',
      description: `${trigger.message[context.siteLocale]} ${trigger.action[context.siteLocale]}`,
      origin: `questionnaire:${definition.id}:${trigger.id}`,
      raisedBy: who.accountId,
      publicUrl: baseUrl,
    });
    await recordAudit(tx, who, {
      action: 'measurement.safeguarding_raised',
      ...caseSubject(caseRow),
      details: { concernId: concern.id, instrumentId: definition.id, triggerId: trigger.id },
    });
  }
  if (!caseRow.assignedTo) return;
  const worker = await findAccountContact(tx, caseRow.assignedTo);
  if (!worker?.active) return;
  const t = translatorFor(worker.locale ?? context.siteLocale);
  const params = {
    reference: caseRow.reference,
    site: context.siteName,
    url: `${baseUrl}/cases/${caseRow.id}`,
  };
  await queueEmail(tx, {
    kind: 'measurement.safeguarding',
    to: worker.email,
    subject: t('emails:outcomes.safeguardingSubject', params),
    text: t('emails:outcomes.safeguardingText', params),
    notify: { caseId: caseRow.id, params: { reference: caseRow.reference } },
  });
}

function alertsIn(
  locale: Locale,
  instrumentId: InstrumentId,
  triggers: TriggeredSafeguarding[],
): SafeguardingAlert[] {
  return triggers.map((trigger) => ({
    triggerId: trigger.id,
    instrumentId,
    message: trigger.message[locale],
    action: trigger.action[locale],
  }));
}

function definitionOf(instrumentId: string, field: string): InstrumentDefinition {
  const definition = findInstrument(instrumentId);
  if (!definition) throw new AppError('answer_invalid', { field });
  return definition;
}

/** Refuses answers a measurement cannot be made of, before anything is written. */
function assertAnswers(
  definition: InstrumentDefinition,
  answers: Record<string, number | null>,
): void {
  assertAnswersValid(definition, answers);
  if (!hasAnyAnswer(answers)) throw new AppError('answers_empty', { field: 'answers' });
}

/** What the link worker enters, scored, with its audit event, for the statement that writes it. */
function entryOf(
  actor: Actor,
  caseRow: CaseRow,
  definition: InstrumentDefinition,
  input: RecordMeasurementBody | AmendMeasurementBody,
  audit: AuditEntry,
  now: Date,
): { entry: MeasurementEntry; answers: MeasurementAnswer[]; scores: ScoreView[] } {
  const scored = scoreMeasurement(definition, input.answers);
  const answers = definition.items.map((item) => ({
    itemId: item.id,
    value: input.answers[item.id] ?? null,
  }));
  const scores = scored.scores.map((score) => ({
    scale: score.scale,
    value: score.value,
    band: score.band,
    reason: score.reason,
  }));
  const entry: MeasurementEntry = {
    caseId: caseRow.id,
    instrumentId: definition.id,
    instrumentVersion: definition.version,
    timepoint: input.timepoint,
    takenOn: input.takenOn,
    recordedBy: actor.accountId,
    contactId: input.contactId ?? null,
    complete: scored.complete,
    answers,
    scores,
    now,
    audit: auditEvent(actor, { ...audit, ...caseSubject(caseRow) }),
  };
  return { entry, answers, scores };
}

type MeasurementAnswer = { itemId: string; value: number | null };

/**
 * Refuses what the write was guarded on, in the order they are checked: the day (where the
 * case's site is: an evening's questionnaire in Toronto is not tomorrow's; not before the
 * referral; a follow-up not before the baseline, nor a baseline after a follow-up, so that
 * the reports' pairs are what they say), the contact,
 * then the case, closed or not accepted since it was read.
 */
function assertEntryFacts(facts: EntryFacts): void {
  if (facts.inFuture) throw new AppError('date_in_future', { field: 'takenOn' });
  if (facts.beforeReferral) throw new AppError('date_before_referral', { field: 'takenOn' });
  if (facts.beforeBaseline) throw new AppError('date_before_baseline', { field: 'takenOn' });
  if (facts.afterFollowUp) throw new AppError('date_after_follow_up', { field: 'takenOn' });
  if (!facts.contactFound) throw new AppError('not_found', { field: 'contactId' });
  if (facts.closed) throw new AppError('case_closed');
  if (!facts.accepted) throw new AppError('case_not_accepted');
}

/**
 * The case's measurement is one statement (with its answers, scores and audit event) and
 * needs no transaction; an answer that raises an alert takes one, for the concern and the
 * emails that go with the measurement.
 */
export async function recordMeasurement(
  db: Database,
  config: Config,
  actor: Actor,
  caseId: string,
  input: RecordMeasurementBody,
  locale: Locale,
  now: Date = new Date(),
): Promise<RecordMeasurementResult> {
  const definition = definitionOf(input.instrumentId, 'instrumentId');
  const caseRow = await requireAcceptedCase(db, actor, caseId);
  assertAnswers(definition, input.answers);
  const triggers = safeguardingTriggers(definition, input.answers);
  const { entry, answers, scores } = entryOf(
    actor,
    caseRow,
    definition,
    input,
    {
      action: 'measurement.recorded',
      details: {
        instrumentId: definition.id,
        timepoint: input.timepoint,
        answeredBy: 'link_worker',
      },
    },
    now,
  );
  const write = async (tx: Database): Promise<MeasurementView> => {
    const written = await writeMeasurementEntry(tx, entry);
    if (!written) throw notFound(refusedCase(caseId, caseRow.siteId));
    assertEntryFacts(written.facts);
    if (!written.measurement) throw new AppError('measurement_exists', { field: 'timepoint' });
    await raiseAlerts(tx, config, actor, caseRow, written.facts, definition, triggers);
    return presentMeasurement(written.measurement, scores, answers);
  };
  const view = triggers.length > 0 ? await db.transaction(write) : await write(db);
  return { measurement: view, safeguarding: alertsIn(locale, input.instrumentId, triggers) };
}

/**
 * The link worker enters the answers again: the old measurement is voided as amended and a
 * new one, scored afresh, replaces it, in one statement. Only an alert the old answers did
 * not raise already is raised again (in a transaction with the statement).
 */
export async function amendMeasurement(
  db: Database,
  config: Config,
  actor: Actor,
  ids: { caseId: string; measurementId: string },
  input: AmendMeasurementBody,
  locale: Locale,
  now: Date = new Date(),
): Promise<RecordMeasurementResult> {
  const { caseId, measurementId } = ids;
  const [caseRow, found] = await readTogether(db, [
    () => requireAcceptedCase(db, actor, caseId),
    () => findCaseMeasurement(db, caseId, measurementId),
  ]);
  if (!found) throw new AppError('not_found', { field: 'measurementId' });
  const old = found.measurement;
  if (old.voidedAt) throw new AppError('measurement_voided', { field: 'measurementId' });
  const definition = definitionOf(old.instrumentId, 'measurementId');
  assertAnswers(definition, input.answers);
  const oldAnswers = Object.fromEntries(found.answers.map((a) => [a.itemId, a.value]));
  const raisedBefore = new Set(safeguardingTriggers(definition, oldAnswers).map((t) => t.id));
  const fresh = safeguardingTriggers(definition, input.answers).filter(
    (trigger) => !raisedBefore.has(trigger.id),
  );
  const { entry, answers, scores } = entryOf(
    actor,
    caseRow,
    definition,
    input,
    {
      action: 'measurement.amended',
      details: { amendsId: old.id, instrumentId: definition.id, timepoint: input.timepoint },
    },
    now,
  );
  const write = async (tx: Database): Promise<MeasurementView> => {
    const written = await writeAmendment(tx, entry, old.id).catch((error: unknown) => {
      if (isTimepointTaken(error)) throw new AppError('measurement_exists', { field: 'timepoint' });
      throw error;
    });
    if (!written) throw notFound(refusedCase(caseId, caseRow.siteId));
    assertEntryFacts(written.facts);
    if (!written.measurement) {
      if (written.oldVoided || !written.targetTaken) {
        throw new AppError('measurement_voided', { field: 'measurementId' });
      }
      throw new AppError('measurement_exists', { field: 'timepoint' });
    }
    await raiseAlerts(tx, config, actor, caseRow, written.facts, definition, fresh);
    return presentMeasurement(written.measurement, scores, answers);
  };
  const view = fresh.length > 0 ? await db.transaction(write) : await write(db);
  return { measurement: view, safeguarding: alertsIn(locale, view.instrumentId, fresh) };
}

/**
 * Sets a measurement aside with a reason: kept on the case, counted nowhere. One statement
 * with its audit event.
 */
export async function voidMeasurement(
  db: Database,
  actor: Actor,
  ids: { caseId: string; measurementId: string },
  input: VoidMeasurementBody,
  now: Date = new Date(),
): Promise<void> {
  const { caseId, measurementId } = ids;
  const caseRow = await requireAcceptedCase(db, actor, caseId);
  // The words given with 'other' stay on the measurement, not in the audit trail; the
  // statement adds the measurement's instrument and timepoint.
  const audit = auditEvent(actor, {
    action: 'measurement.voided',
    ...caseSubject(caseRow),
    details: { reason: input.reason },
  });
  const result = await voidMeasurementWithAudit(
    db,
    {
      caseId,
      id: measurementId,
      voidedBy: actor.accountId,
      voidReason: input.reason,
      voidNote: input.reason === 'other' ? (input.note ?? null) : null,
      at: now,
    },
    audit,
  );
  if (!result) throw notFound(refusedCase(caseId, caseRow.siteId));
  if (result.voided) return;
  if (!result.found) throw new AppError('not_found', { field: 'measurementId' });
  if (!result.live) throw new AppError('measurement_voided', { field: 'measurementId' });
  if (result.closed) throw new AppError('case_closed');
  if (!result.accepted) throw new AppError('case_not_accepted');
  // Voided by someone else after the statement's snapshot.
  throw new AppError('measurement_voided', { field: 'measurementId' });
}

export async function getCaseOutcomes(
  db: Database,
  actor: Actor,
  caseId: string,
  options: { closing: boolean } = { closing: false },
  now: Date = new Date(),
): Promise<CaseOutcomes> {
  return db.transaction(async (tx) => {
    const caseRow = await requireCase(tx, actor, caseId);
    const context = await contextOf(tx, caseId);
    const rows = await selectCaseMeasurements(tx, caseId);
    const views = rows
      .filter((row) => !row.measurement.voidedAt)
      .map((row) => presentMeasurement(row.measurement, row.scores, row.answers));
    const corrected = rows.flatMap((row) => {
      const view = presentCorrected(row, rows);
      return view ? [view] : [];
    });
    const schedule = scheduleOf(context);
    const closed = isClosed(caseRow.status as CaseStatus);
    const writable = !closed && isAccepted(caseRow);
    const byInstrument = instrumentIds.flatMap((instrumentId) => {
      const measurements = views
        .filter((view) => view.instrumentId === instrumentId)
        .sort((a, b) => timepointOrder(a.timepoint) - timepointOrder(b.timepoint));
      const history = corrected.filter((view) => view.instrumentId === instrumentId);
      return measurements.length > 0 || history.length > 0
        ? [{ instrumentId, measurements, corrected: history }]
        : [];
    });
    await recordAudit(tx, actor, { action: 'measurements.viewed', ...caseSubject(caseRow) });
    const { timeZone } = context;
    const facts = { schedule, acceptedAt: caseRow.acceptedAt, closed, recorded: views, timeZone };
    const today = dayIn(now, timeZone);
    return {
      caseId,
      instruments: byInstrument,
      due: dueMeasurements(facts, today),
      recording: instrumentIds.map((instrumentId) => ({
        instrumentId,
        ...timepointsToRecord({ ...facts, closing: options.closing }, instrumentId, today),
      })),
      schedule,
      personHasEmail: Boolean(context.personEmail),
      // Questionnaires start once the person said yes to support, and stop at closure.
      permissions: { canRecord: writable, canSendLink: writable, canCorrect: writable },
    };
  });
}
