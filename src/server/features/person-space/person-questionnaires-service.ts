import type { QuestionnaireAnswered } from '../../../shared/contracts/outcomes';
import type { PersonQuestionnaires } from '../../../shared/contracts/person-space';
import type { Locale } from '../../../shared/locale';
import type { Timepoint } from '../../../shared/pathway';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { PersonActor } from '../../platform/actor';
import { caseSubject, recordAudit } from '../audit';
import { answerDueQuestionnaire, readPersonQuestionnaires } from '../outcomes';
import {
  requireOwnCase,
  requireOwnOpenCase,
  viaPersonSession,
  whoIs,
} from './person-space-service';

/**
 * The questionnaires due on one of the person's own cases, in their language and in the
 * words written for them, and their own scores over time. Reading them is audited.
 */
export async function getPersonQuestionnaires(
  db: Database,
  person: PersonActor,
  caseId: string,
  locale: Locale,
): Promise<PersonQuestionnaires> {
  return db.transaction(async (tx) => {
    const row = await requireOwnCase(tx, person, caseId);
    await recordAudit(tx, whoIs(person), {
      action: 'person.questionnaires_viewed',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: viaPersonSession,
    });
    return readPersonQuestionnaires(tx, caseId, locale);
  });
}

/**
 * The person answers the questionnaires due at a timepoint of their own open case: stored
 * as answered by them, each measurement audited as from their session, a safeguarding
 * alert raised as from an emailed questionnaire; all or nothing.
 */
export async function answerPersonQuestionnaire(
  db: Database,
  config: Config,
  person: PersonActor,
  caseId: string,
  timepoint: Timepoint,
  answers: Record<string, Record<string, number | null>>,
): Promise<QuestionnaireAnswered> {
  return db.transaction(async (tx) => {
    await requireOwnOpenCase(tx, person, caseId);
    const { showCrisisSupport } = await answerDueQuestionnaire(tx, config, {
      who: whoIs(person),
      caseId,
      timepoint,
      answers,
      auditDetails: viaPersonSession,
    });
    return { showCrisisSupport };
  });
}
