import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  AmendMeasurementBody,
  AnswerQuestionnaireBody,
  CaseOutcomes,
  CreateMeasurementLinkBody,
  MeasurementLink,
  Questionnaire,
  QuestionnaireAnswered,
  RecordMeasurementBody,
  RecordMeasurementResult,
  VoidMeasurementBody,
} from '../../../shared/contracts/outcomes';
import type { Locale } from '../../../shared/locale';
import { apiCommand, apiRequest } from '../../api';

export const outcomesKey = (caseId: string): readonly string[] => ['outcomes', caseId];

/** closing: the case is being closed, so the discharge measure is the one offered. */
export function useCaseOutcomes(caseId: string, closing = false): UseQueryResult<CaseOutcomes> {
  return useQuery({
    queryKey: [...outcomesKey(caseId), closing ? 'closing' : 'open'],
    queryFn: () =>
      apiRequest<CaseOutcomes>('GET', `/api/cases/${caseId}/measurements`, {
        query: closing ? { closing: 'true' } : {},
      }),
  });
}

export function amendMeasurement(
  caseId: string,
  measurementId: string,
  body: AmendMeasurementBody,
): Promise<RecordMeasurementResult> {
  return apiRequest<RecordMeasurementResult>(
    'POST',
    `/api/cases/${caseId}/measurements/${measurementId}/amendments`,
    { body },
  );
}

/** Without a reason the server answers which field is missing, in the reader's language. */
export function voidMeasurement(
  caseId: string,
  measurementId: string,
  body: Partial<VoidMeasurementBody>,
): Promise<void> {
  return apiCommand('POST', `/api/cases/${caseId}/measurements/${measurementId}/void`, { body });
}

export function recordMeasurement(
  caseId: string,
  body: RecordMeasurementBody,
): Promise<RecordMeasurementResult> {
  return apiRequest<RecordMeasurementResult>('POST', `/api/cases/${caseId}/measurements`, {
    body,
    idempotent: true,
  });
}

export function createMeasurementLink(
  caseId: string,
  body: CreateMeasurementLinkBody,
): Promise<MeasurementLink> {
  return apiRequest<MeasurementLink>('POST', `/api/cases/${caseId}/measurement-links`, { body });
}

/** The questions of a link, in the language asked for or else the person's own. */
export function useQuestionnaire(
  token: string,
  locale: Locale | undefined,
): UseQueryResult<Questionnaire> {
  return useQuery({
    queryKey: ['questionnaire', token, locale ?? 'person'],
    queryFn: () =>
      apiRequest<Questionnaire>('GET', `/api/questionnaires/${encodeURIComponent(token)}`, {
        query: { locale },
      }),
    retry: false,
    refetchOnWindowFocus: false,
    // Keep the questions on screen while the other language loads.
    placeholderData: (previous) => previous,
  });
}

export function answerQuestionnaire(
  token: string,
  body: AnswerQuestionnaireBody,
): Promise<QuestionnaireAnswered> {
  return apiRequest<QuestionnaireAnswered>(
    'POST',
    `/api/questionnaires/${encodeURIComponent(token)}`,
    { body },
  );
}
