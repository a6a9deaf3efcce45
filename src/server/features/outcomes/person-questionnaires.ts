import type { QuestionnaireAnswered } from '../../../shared/contracts/outcomes';
import type {
  PersonQuestionnaires,
  PersonScoreHistory,
} from '../../../shared/contracts/person-space';
import {
  findInstrument,
  type InstrumentDefinition,
  isInstrumentId,
} from '../../../shared/instruments';
import type { Locale } from '../../../shared/locale';
import type { CaseStatus, Timepoint } from '../../../shared/pathway';
import { dayIn } from '../../../shared/time-zones';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { RequestOrigin } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { type CaseRow, isClosed } from '../cases';
import { contextOf } from './measurements-service';
import { presentMeasurement } from './outcomes-presenter';
import { findCaseRow, type OutcomesContext, selectCaseMeasurements } from './outcomes-queries';
import { dueMeasurements, dueToPerson, scheduleOf, timepointOrder } from './outcomes-rules';
import { answeredOf, questionsFor, storePersonAnswers } from './questionnaire-service';

/*
 * The questionnaires of a case as its person sees them in their own space. The caller (the
 * person-space feature) has already checked that the case is the signed-in person's own.
 */

type CaseFacts = {
  caseRow: CaseRow;
  context: OutcomesContext;
  views: ReturnType<typeof presentMeasurement>[];
  due: ReturnType<typeof dueToPerson>;
};

async function factsOf(tx: Database, caseId: string, now: Date): Promise<CaseFacts> {
  const caseRow = await findCaseRow(tx, caseId);
  if (!caseRow) throw new Error(`case ${caseId} vanished`);
  const context = await contextOf(tx, caseId);
  const views = (await selectCaseMeasurements(tx, caseId))
    .filter((row) => !row.measurement.voidedAt)
    .map((row) => presentMeasurement(row.measurement, row.scores, row.answers));
  const today = dayIn(now, context.timeZone);
  const all = dueMeasurements(
    {
      schedule: scheduleOf(context),
      acceptedAt: caseRow.acceptedAt,
      closed: isClosed(caseRow.status as CaseStatus),
      recorded: views,
      timeZone: context.timeZone,
    },
    today,
  );
  return { caseRow, context, views, due: dueToPerson(all, today) };
}

function definitionsOf(ids: string[]): InstrumentDefinition[] {
  return ids.flatMap((id) => {
    const definition = findInstrument(id);
    return definition ? [definition] : [];
  });
}

/** What is due to the person now, in their words, and each of their scores over time. */
export async function readPersonQuestionnaires(
  tx: Database,
  caseId: string,
  locale: Locale,
  now: Date = new Date(),
): Promise<PersonQuestionnaires> {
  const { caseRow, due, views } = await factsOf(tx, caseId, now);
  return {
    due: due.map((entry) => ({
      timepoint: entry.timepoint,
      dueOn: entry.dueOn,
      instruments: questionsFor(definitionsOf(entry.instrumentIds), locale),
    })),
    history: historyOf(views, locale),
    canAnswer: !isClosed(caseRow.status as CaseStatus),
  };
}

/** Each scale the person has a score on, in time order, with the instrument's own words. */
function historyOf(views: CaseFacts['views'], locale: Locale): PersonScoreHistory[] {
  const sorted = [...views].sort(
    (a, b) =>
      a.takenOn.localeCompare(b.takenOn) ||
      timepointOrder(a.timepoint) - timepointOrder(b.timepoint),
  );
  const ids = [...new Set(sorted.map((view) => view.instrumentId))];
  return ids.flatMap((instrumentId) => {
    const definition = findInstrument(instrumentId);
    if (!definition || !isInstrumentId(definition.id)) return [];
    const taken = sorted.filter((view) => view.instrumentId === instrumentId);
    return definition.scales.map((scale) => ({
      instrumentId,
      scale: scale.id,
      title: definition.title[locale],
      measures: definition.measures[locale],
      scaleLabel: scale.label[locale],
      direction: scale.change.direction,
      range: scale.range,
      points: taken.map((view) => {
        const score = view.scores.find((candidate) => candidate.scale === scale.id);
        const band = scale.bands.find((candidate) => candidate.code === score?.band);
        return {
          timepoint: view.timepoint,
          takenOn: view.takenOn,
          score: score?.value ?? null,
          band: band ? band.label[locale] : null,
        };
      }),
    }));
  });
}

/**
 * Stores the person's answers to the questionnaires due at a timepoint, from their own
 * space: only a timepoint due to them now, only its instruments still unanswered; a case
 * closed takes no more. Alerts, scores and audit as for an emailed questionnaire.
 */
export async function answerDueQuestionnaire(
  tx: Database,
  config: Config,
  args: {
    who: { accountId: null; origin: RequestOrigin };
    caseId: string;
    timepoint: Timepoint;
    answers: Record<string, Record<string, number | null>>;
    auditDetails: Record<string, string>;
  },
  now: Date = new Date(),
): Promise<QuestionnaireAnswered & { instrumentIds: string[] }> {
  const facts = await factsOf(tx, args.caseId, now);
  if (isClosed(facts.caseRow.status as CaseStatus)) throw new AppError('case_closed');
  const entry = facts.due.find((candidate) => candidate.timepoint === args.timepoint);
  if (!entry) throw new AppError('questionnaire_not_due', { field: 'timepoint' });
  const answered = answeredOf(definitionsOf(entry.instrumentIds), args.answers);
  const alerted = await storePersonAnswers(tx, config, {
    who: args.who,
    caseRow: facts.caseRow,
    context: facts.context,
    timepoint: args.timepoint,
    definitions: answered,
    answers: args.answers,
    now,
    auditDetails: args.auditDetails,
  });
  return { showCrisisSupport: alerted, instrumentIds: answered.map((d) => d.id) };
}
