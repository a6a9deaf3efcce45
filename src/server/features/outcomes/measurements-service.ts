import type {
  CaseOutcomes,
  MeasurementView,
  RecordMeasurementBody,
  RecordMeasurementResult,
  SafeguardingAlert,
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
import { caseSubject, recordAudit } from '../audit';
import {
  type CaseRow,
  isClosed,
  raiseSafeguardingConcern,
  requireCase,
  requireOpenCase,
} from '../cases';
import { presentMeasurement } from './outcomes-presenter';
import {
  contactBelongsToCase,
  findAccountContact,
  findOutcomesContext,
  insertAnswers,
  insertMeasurement,
  insertScores,
  type OutcomesContext,
  selectCaseMeasurements,
} from './outcomes-queries';
import {
  assertAnswersValid,
  dayOf,
  dueMeasurements,
  scheduleOf,
  timepointOrder,
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
  });
  if (!row) throw new AppError('measurement_exists', { field: 'timepoint' });
  await insertAnswers(
    tx,
    row.id,
    definition.items.map((item) => ({ itemId: item.id, value: answers[item.id] ?? null })),
  );
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
    view: presentMeasurement(row, scores),
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
    const caseRow = await requireOpenCase(tx, actor, caseId);
    assertAnswersValid(definition, input.answers);
    if (input.takenOn > dayOf(now)) throw new AppError('date_in_future', { field: 'takenOn' });
    if (input.contactId && !(await contactBelongsToCase(tx, input.contactId, caseId))) {
      throw new AppError('not_found', { field: 'contactId' });
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

export async function getCaseOutcomes(
  db: Database,
  actor: Actor,
  caseId: string,
  now: Date = new Date(),
): Promise<CaseOutcomes> {
  return db.transaction(async (tx) => {
    const caseRow = await requireCase(tx, actor, caseId);
    const context = await contextOf(tx, caseId);
    const rows = await selectCaseMeasurements(tx, caseId);
    const views = rows.map((row) => presentMeasurement(row.measurement, row.scores));
    const schedule = scheduleOf(context);
    const closed = isClosed(caseRow.status as CaseStatus);
    const byInstrument = instrumentIds.flatMap((instrumentId) => {
      const measurements = views
        .filter((view) => view.instrumentId === instrumentId)
        .sort((a, b) => timepointOrder(a.timepoint) - timepointOrder(b.timepoint));
      return measurements.length > 0 ? [{ instrumentId, measurements }] : [];
    });
    await recordAudit(tx, actor, { action: 'measurements.viewed', ...caseSubject(caseRow) });
    return {
      caseId,
      instruments: byInstrument,
      due: dueMeasurements(
        { schedule, acceptedAt: caseRow.acceptedAt, closed, recorded: views },
        dayOf(now),
      ),
      schedule,
      personHasEmail: Boolean(context.personEmail),
      permissions: { canRecord: !closed, canSendLink: !closed },
    };
  });
}
