import type {
  AmendMeasurementBody,
  CaseOutcomes,
  MeasurementView,
  RecordMeasurementBody,
  RecordMeasurementResult,
  SafeguardingAlert,
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
import type { Database } from '../../db/client';
import { publicBaseUrl } from '../../platform/public-url';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { dayIn } from '../../../shared/time-zones';
import { caseSubject, recordAudit } from '../audit';
import {
  type CaseRow,
  isAccepted,
  isClosed,
  raiseSafeguardingConcern,
  requireAcceptedCase,
  requireCase,
} from '../cases';
import { amendedReason, presentCorrected, presentMeasurement } from './outcomes-presenter';
import {
  contactBelongsToCase,
  findAccountContact,
  findCaseMeasurement,
  findOutcomesContext,
  insertAnswers,
  insertMeasurement,
  insertScores,
  markMeasurementVoided,
  type MeasurementRow,
  type OutcomesContext,
  selectAnswers,
  selectCaseMeasurements,
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
  context: OutcomesContext,
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
async function assertEntry(
  tx: Database,
  caseId: string,
  definition: InstrumentDefinition,
  input: { takenOn: string; answers: Record<string, number | null>; contactId?: string },
  now: Date,
): Promise<void> {
  assertAnswersValid(definition, input.answers);
  if (!hasAnyAnswer(input.answers)) throw new AppError('answers_empty', { field: 'answers' });
  // Today where the case's site is: an evening's questionnaire in Toronto is not tomorrow's.
  const today = dayIn(now, (await contextOf(tx, caseId)).timeZone);
  if (input.takenOn > today) throw new AppError('date_in_future', { field: 'takenOn' });
  if (input.contactId && !(await contactBelongsToCase(tx, input.contactId, caseId))) {
    throw new AppError('not_found', { field: 'contactId' });
  }
}

/** A measurement of the case that still counts, to correct; a voided one is refused. */
async function requireLiveMeasurement(
  tx: Database,
  caseId: string,
  measurementId: string,
): Promise<MeasurementRow> {
  const row = await findCaseMeasurement(tx, caseId, measurementId);
  if (!row) throw new AppError('not_found', { field: 'measurementId' });
  if (row.voidedAt) throw new AppError('measurement_voided', { field: 'measurementId' });
  return row;
}

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
  return db.transaction(async (tx) => {
    const caseRow = await requireAcceptedCase(tx, actor, caseId);
    await assertEntry(tx, caseId, definition, input, now);
    const context = await contextOf(tx, caseId);
    const { view, triggers } = await storeMeasurement(tx, {
      caseRow,
      definition,
      timepoint: input.timepoint,
      takenOn: input.takenOn,
      answers: input.answers,
      answeredBy: 'link_worker',
      recordedBy: actor.accountId,
      contactId: input.contactId ?? null,
    });
    await recordAudit(tx, actor, {
      action: 'measurement.recorded',
      ...caseSubject(caseRow),
      details: {
        measurementId: view.id,
        instrumentId: definition.id,
        timepoint: input.timepoint,
        answeredBy: 'link_worker',
      },
    });
    await raiseAlerts(tx, config, actor, caseRow, context, definition, triggers);
    return { measurement: view, safeguarding: alertsIn(locale, input.instrumentId, triggers) };
  });
}

/**
 * The link worker enters the answers again: the old measurement is voided as amended and a
 * new one, scored afresh, replaces it, in one transaction. Only an alert the old answers
 * did not raise already is raised again.
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
  return db.transaction(async (tx) => {
    const caseRow = await requireAcceptedCase(tx, actor, caseId);
    const old = await requireLiveMeasurement(tx, caseId, measurementId);
    const definition = definitionOf(old.instrumentId, 'measurementId');
    await assertEntry(tx, caseId, definition, input, now);
    const oldAnswers = Object.fromEntries(
      (await selectAnswers(tx, old.id)).map((answer) => [answer.itemId, answer.value]),
    );
    if (
      !(await markMeasurementVoided(tx, {
        id: old.id,
        voidedBy: actor.accountId,
        voidReason: amendedReason,
        at: now,
      }))
    ) {
      throw new AppError('measurement_voided', { field: 'measurementId' });
    }
    const context = await contextOf(tx, caseId);
    const { view, triggers } = await storeMeasurement(tx, {
      caseRow,
      definition,
      timepoint: input.timepoint,
      takenOn: input.takenOn,
      answers: input.answers,
      answeredBy: 'link_worker',
      recordedBy: actor.accountId,
      contactId: input.contactId ?? null,
      amendsId: old.id,
    });
    await recordAudit(tx, actor, {
      action: 'measurement.amended',
      ...caseSubject(caseRow),
      details: {
        measurementId: view.id,
        amendsId: old.id,
        instrumentId: definition.id,
        timepoint: input.timepoint,
      },
    });
    const raisedBefore = new Set(safeguardingTriggers(definition, oldAnswers).map((t) => t.id));
    const fresh = triggers.filter((trigger) => !raisedBefore.has(trigger.id));
    await raiseAlerts(tx, config, actor, caseRow, context, definition, fresh);
    return { measurement: view, safeguarding: alertsIn(locale, view.instrumentId, fresh) };
  });
}

/** Sets a measurement aside with a reason: kept on the case, counted nowhere. */
export async function voidMeasurement(
  db: Database,
  actor: Actor,
  ids: { caseId: string; measurementId: string },
  input: VoidMeasurementBody,
  now: Date = new Date(),
): Promise<void> {
  const { caseId, measurementId } = ids;
  await db.transaction(async (tx) => {
    const caseRow = await requireAcceptedCase(tx, actor, caseId);
    const row = await requireLiveMeasurement(tx, caseId, measurementId);
    const voided = await markMeasurementVoided(tx, {
      id: row.id,
      voidedBy: actor.accountId,
      voidReason: input.reason,
      voidNote: input.reason === 'other' ? (input.note ?? null) : null,
      at: now,
    });
    if (!voided) throw new AppError('measurement_voided', { field: 'measurementId' });
    // The words given with 'other' stay on the measurement, not in the audit trail.
    await recordAudit(tx, actor, {
      action: 'measurement.voided',
      ...caseSubject(caseRow),
      details: {
        measurementId: row.id,
        instrumentId: row.instrumentId,
        timepoint: row.timepoint,
        reason: input.reason,
      },
    });
  });
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
