import type {
  AnswerQuestionnaireBody,
  CreateMeasurementLinkBody,
  MeasurementLink,
  Questionnaire,
  QuestionnaireAnswered,
} from '../../../shared/contracts/outcomes';
import {
  findInstrument,
  type InstrumentDefinition,
  type InstrumentId,
  isInstrumentId,
  selfCompletionInstructions,
} from '../../../shared/instruments';
import type { Locale } from '../../../shared/locale';
import type { CaseStatus, Timepoint } from '../../../shared/pathway';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { createActionLink, spendActionLink, verifyActionLink } from '../../platform/action-links';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { dayIn } from '../../../shared/time-zones';
import { AppError } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { qrCodeDataUrl } from '../../platform/qr-code';
import {
  canMessagePerson,
  type PersonContact,
  queuePersonMessage,
} from '../../platform/sms/person-channel';
import { caseSubject, recordAudit } from '../audit';
import { type CaseRow, isAccepted, isClosed, requireAcceptedCase } from '../cases';
import { contextOf, raiseAlerts, storeMeasurement } from './measurements-service';
import {
  findCaseRow,
  findQuestionnaireRequest,
  insertQuestionnaireRequest,
  markQuestionnaireAnswered,
  type OutcomesContext,
  selectCaseMeasurements,
} from './outcomes-queries';
import { assertAnswersValid, hasAnyAnswer } from './outcomes-rules';

/** A week: long enough to answer at home, short enough that an old email stops working. */
export const questionnaireLinkDays = 7;
export const questionnairePurpose = 'questionnaire';
const answerAction = 'answer';

export type IssuedQuestionnaire = { url: string; expiresAt: Date };

/**
 * A questionnaire request and its one-use link, in the caller's transaction; emailed to the
 * person in their language when asked (a link and a greeting only, no clinical content).
 */
export async function issueQuestionnaire(
  tx: Database,
  config: Config,
  args: {
    caseId: string;
    context: OutcomesContext;
    timepoint: Timepoint;
    instrumentIds: InstrumentId[];
    requestedBy: string | null;
    sendByEmail: boolean;
  },
): Promise<IssuedQuestionnaire & { emailed: boolean }> {
  const request = await insertQuestionnaireRequest(tx, {
    caseId: args.caseId,
    timepoint: args.timepoint,
    instrumentIds: args.instrumentIds,
    requestedBy: args.requestedBy,
  });
  const link = await createActionLink(tx, config, {
    purpose: questionnairePurpose,
    subjectId: request.id,
    actions: [answerAction],
    ttlHours: questionnaireLinkDays * 24,
    path: '/questionnaire',
  });
  const contact = contactOf(args.context);
  if (!args.sendByEmail || !canMessagePerson(config, contact))
    return { url: link.url, expiresAt: link.expiresAt, emailed: false };
  const locale = args.context.personLocale;
  const t = translatorFor(locale);
  const params = {
    name: args.context.personGivenName,
    site: args.context.siteName,
    url: link.url,
    // The link's last day where the person's case's site is.
    date: new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
      dateStyle: 'long',
      timeZone: args.context.timeZone,
    }).format(link.expiresAt),
  };
  const sent = await queuePersonMessage(tx, config, contact, {
    kind: 'questionnaire.link',
    email: {
      subject: t('emails:outcomes.questionnaireSubject', params),
      text: t('emails:outcomes.questionnaireText', params),
    },
    text: t('emails:outcomes.questionnaireSms', params),
  });
  return { url: link.url, expiresAt: link.expiresAt, emailed: sent !== null };
}

/** How the case's person is reached: by text when they prefer it and have a mobile. */
export function contactOf(context: OutcomesContext): PersonContact {
  return {
    email: context.personEmail,
    phone: context.personPhone,
    contactPreference: context.personContactPreference,
  };
}

export async function createMeasurementLink(
  db: Database,
  config: Config,
  actor: Actor,
  caseId: string,
  input: CreateMeasurementLinkBody,
): Promise<MeasurementLink> {
  const issued = await db.transaction(async (tx) => {
    const caseRow = await requireAcceptedCase(tx, actor, caseId);
    const recorded = await selectCaseMeasurements(tx, caseId);
    const taken = input.instrumentIds.filter((id) =>
      recorded.some(
        (row) =>
          !row.measurement.voidedAt &&
          row.measurement.instrumentId === id &&
          row.measurement.timepoint === input.timepoint,
      ),
    );
    if (taken.length > 0) throw new AppError('measurement_exists', { field: 'instrumentIds' });
    const context = await contextOf(tx, caseId);
    const result = await issueQuestionnaire(tx, config, {
      caseId,
      context,
      timepoint: input.timepoint,
      instrumentIds: input.instrumentIds,
      requestedBy: actor.accountId,
      sendByEmail: input.sendByEmail,
    });
    await recordAudit(tx, actor, {
      action: 'measurement_link.created',
      ...caseSubject(caseRow),
      details: {
        timepoint: input.timepoint,
        instrumentIds: input.instrumentIds,
        emailed: result.emailed,
      },
    });
    return result;
  });
  return {
    url: issued.url,
    qrCode: await qrCodeDataUrl(issued.url),
    expiresAt: issued.expiresAt.toISOString(),
    emailed: issued.emailed,
  };
}

type OpenedQuestionnaire = {
  linkId: string;
  requestId: string;
  caseId: string;
  timepoint: Timepoint;
  expiresAt: Date;
  definitions: InstrumentDefinition[];
  context: OutcomesContext;
};

async function openQuestionnaire(
  db: Database,
  config: Config,
  token: string,
): Promise<OpenedQuestionnaire> {
  const link = await verifyActionLink(db, config, token, questionnairePurpose);
  const request = await findQuestionnaireRequest(db, link.subjectId);
  if (!request) throw new AppError('link_invalid');
  const definitions = request.instrumentIds.flatMap((id) => {
    const definition = findInstrument(id);
    return definition ? [definition] : [];
  });
  return {
    linkId: link.id,
    requestId: request.id,
    caseId: request.caseId,
    timepoint: request.timepoint,
    expiresAt: link.expiresAt,
    definitions,
    context: await contextOf(db, request.caseId),
  };
}

/** The questions for the person, in their language or the one they chose; no other record. */
export async function getQuestionnaire(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  token: string,
  chosenLocale: Locale | undefined,
): Promise<Questionnaire> {
  const opened = await openQuestionnaire(db, config, token);
  const locale = chosenLocale ?? opened.context.personLocale;
  const caseRow = await findCaseRow(db, opened.caseId);
  if (caseRow) {
    await recordAudit(
      db,
      { accountId: null, origin },
      {
        action: 'questionnaire.opened',
        ...caseSubject(caseRow),
        details: { requestId: opened.requestId },
      },
    );
  }
  return {
    locale,
    givenName: opened.context.personGivenName,
    expiresAt: opened.expiresAt.toISOString(),
    instruments: questionsFor(opened.definitions, locale),
  };
}

/**
 * The questions as the person reads them when answering alone, in one language: the
 * self-completion version's introduction, never the interviewer's nor the scale's name.
 * The emailed questionnaire and the person's own space both ask with these.
 */
export function questionsFor(
  definitions: InstrumentDefinition[],
  locale: Locale,
): Questionnaire['instruments'] {
  return definitions.flatMap((definition) =>
    isInstrumentId(definition.id)
      ? [
          {
            instrumentId: definition.id,
            instructions: selfCompletionInstructions(definition, locale),
            items: definition.items.map((item) => ({
              id: item.id,
              text: item.text[locale],
              options: item.options.map((option) => ({
                value: option.value,
                label: option.label[locale],
              })),
            })),
          },
        ]
      : [],
  );
}

/**
 * Stores the person's answers as answered by them, spends the link and raises any
 * safeguarding alert, all in one transaction: a refused answer leaves the link usable.
 */
export async function answerQuestionnaire(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  token: string,
  input: AnswerQuestionnaireBody,
  now: Date = new Date(),
): Promise<QuestionnaireAnswered> {
  return db.transaction(async (tx) => {
    const opened = await openQuestionnaire(tx, config, token);
    const answered = answeredOf(opened.definitions, input.answers);
    const caseRow = await requireCaseForLink(tx, opened.caseId);
    await spendActionLink(tx, opened.linkId, answerAction);
    const alerted = await storePersonAnswers(tx, config, {
      who: { accountId: null, origin },
      caseRow,
      context: opened.context,
      timepoint: opened.timepoint,
      definitions: answered,
      answers: input.answers,
      now,
    });
    await markQuestionnaireAnswered(tx, opened.requestId, now);
    return { showCrisisSupport: alerted };
  });
}

/**
 * The instruments the person answered among those asked: an answer to one not asked, or not
 * one of an item's options, is refused; nothing answered at all is refused too. A
 * questionnaire left blank among others answered is not recorded, so it stays due.
 */
export function answeredOf(
  asked: InstrumentDefinition[],
  answers: Record<string, Record<string, number | null>>,
): InstrumentDefinition[] {
  const askedIds = new Set(asked.map((definition) => definition.id));
  for (const instrumentId of Object.keys(answers)) {
    if (!askedIds.has(instrumentId)) {
      throw new AppError('answer_invalid', { field: `answers.${instrumentId}` });
    }
  }
  for (const definition of asked) {
    assertAnswersValid(definition, answers[definition.id] ?? {}, `answers.${definition.id}`);
  }
  const answered = asked.filter((definition) => hasAnyAnswer(answers[definition.id] ?? {}));
  if (answered.length === 0) throw new AppError('answers_empty', { field: 'answers' });
  return answered;
}

/**
 * Stores the person's answers as answered by them, on the day they answered where their
 * case's site is, each audited, and raises any safeguarding alert (PHQ-9 item 9), in the
 * caller's transaction. Returns whether an alert was raised: the page then shows where to
 * find help at once.
 */
export async function storePersonAnswers(
  tx: Database,
  config: Config,
  args: {
    who: { accountId: null; origin: RequestOrigin };
    caseRow: CaseRow;
    context: OutcomesContext;
    timepoint: Timepoint;
    definitions: InstrumentDefinition[];
    answers: Record<string, Record<string, number | null>>;
    now: Date;
    /** Beside each audit event's details (the person's own space says it was there). */
    auditDetails?: Record<string, string>;
  },
): Promise<boolean> {
  const { who, caseRow, context, timepoint } = args;
  let alerted = false;
  for (const definition of args.definitions) {
    const answers = args.answers[definition.id] ?? {};
    const { view, triggers } = await storeMeasurement(tx, {
      caseRow,
      definition,
      timepoint,
      takenOn: dayIn(args.now, context.timeZone),
      answers,
      answeredBy: 'person',
      recordedBy: null,
      contactId: null,
    });
    await recordAudit(tx, who, {
      action: 'measurement.recorded',
      ...caseSubject(caseRow),
      details: {
        ...args.auditDetails,
        measurementId: view.id,
        instrumentId: definition.id,
        timepoint,
        answeredBy: 'person',
      },
    });
    await raiseAlerts(tx, config, who, caseRow, context, definition, triggers);
    alerted ||= triggers.length > 0;
  }
  return alerted;
}

/**
 * The case behind a link; a case closed since the link was sent takes no more answers. A
 * link is sent only once the person accepted support; one of a case without their yes
 * (sent before that was checked) is not a valid link.
 */
async function requireCaseForLink(tx: Database, caseId: string): Promise<CaseRow> {
  const caseRow = await findCaseRow(tx, caseId);
  if (!caseRow) throw new AppError('link_invalid');
  if (isClosed(caseRow.status as CaseStatus)) throw new AppError('case_closed');
  if (!isAccepted(caseRow)) throw new AppError('link_invalid');
  return caseRow;
}
