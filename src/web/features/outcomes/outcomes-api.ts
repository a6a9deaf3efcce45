import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  AnswerQuestionnaireBody,
  CaseOutcomes,
  CreateMeasurementLinkBody,
  MeasurementLink,
  Questionnaire,
  QuestionnaireAnswered,
  RecordMeasurementBody,
  RecordMeasurementResult,
} from '../../../shared/contracts/outcomes';
import type { Locale } from '../../../shared/locale';
import { apiRequest } from '../../api';

export const outcomesKey = (caseId: string): readonly string[] => ['outcomes', caseId];

export function useCaseOutcomes(caseId: string): UseQueryResult<CaseOutcomes> {
  return useQuery({
    queryKey: outcomesKey(caseId),
    queryFn: () => apiRequest<CaseOutcomes>('GET', `/api/cases/${caseId}/measurements`),
  });
}

export function recordMeasurement(
  caseId: string,
  body: RecordMeasurementBody,
): Promise<RecordMeasurementResult> {
  return apiRequest<RecordMeasurementResult>('POST', `/api/cases/${caseId}/measurements`, {
    body,
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
