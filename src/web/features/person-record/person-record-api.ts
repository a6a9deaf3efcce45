import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  EraseRecordBody,
  ErasedRecord,
  PersonRecordActions,
  RetentionReport,
  RetentionSettings,
} from '../../../shared/contracts/person-record';
import { apiRequest } from '../../api';
import { caseRecordActionsApiPath } from '../../../shared/case-api-paths';

export const recordActionsKey = (caseId: string): readonly string[] => ['person-record', caseId];
export const retentionKey = ['retention'] as const;

export function useRecordActions(caseId: string): UseQueryResult<PersonRecordActions> {
  return useQuery({
    queryKey: recordActionsKey(caseId),
    queryFn: () => apiRequest<PersonRecordActions>('GET', caseRecordActionsApiPath(caseId)),
  });
}

/** Where the person's full record is downloaded (JSON) or opened as a page (html). */
export function recordUrl(caseId: string, format: 'json' | 'html'): string {
  return `/api/cases/${caseId}/person-record?format=${format}`;
}

/** The reason may still be unchosen: the server names the field then, in the user's language. */
export type EraseForm = Omit<EraseRecordBody, 'reason'> & {
  reason: EraseRecordBody['reason'] | '';
};

export function eraseRecord(caseId: string, body: EraseForm): Promise<ErasedRecord> {
  return apiRequest<ErasedRecord>('POST', `/api/cases/${caseId}/erasure`, { body });
}

export function useRetention(): UseQueryResult<RetentionReport> {
  return useQuery({
    queryKey: retentionKey,
    queryFn: () => apiRequest<RetentionReport>('GET', '/api/admin/retention'),
  });
}

export function saveRetention(body: RetentionSettings): Promise<RetentionReport> {
  return apiRequest<RetentionReport>('PUT', '/api/admin/retention', { body });
}
