import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { caseApiPath } from '../../../shared/case-api-paths';
import { caseloadApiPath, type CaseloadView } from '../../../shared/caseload';
import type {
  AssignCaseBody,
  CaseDetail,
  CaseloadList,
  CaseSearchBody,
  CaseSearchResult,
  ChangeCaseStatusBody,
  ReassignCasesBody,
  ReassignCasesResult,
  RaiseSafeguardingBody,
  ReReferBody,
  ReReferResult,
  RecordContactBody,
  TriageList,
  TriageSort,
} from '../../../shared/contracts/cases';
import type {
  CaseDuplicate,
  MergePersonInput,
  MergePersonResult,
} from '../../../shared/contracts/referrals';
import { apiRequest } from '../../api';

export const casesQueryKey = ['cases'] as const;

export function caseQueryKey(id: string): readonly string[] {
  return [...casesQueryKey, 'one', id];
}

export function useTriage(sort: TriageSort, siteId: string): UseQueryResult<TriageList> {
  return useQuery({
    queryKey: [...casesQueryKey, 'triage', sort, siteId],
    queryFn: () =>
      apiRequest<TriageList>('GET', '/api/cases/triage', {
        query: { sort, siteId: siteId || undefined },
      }),
  });
}

export function useCaseload(view: CaseloadView): UseQueryResult<CaseloadList> {
  return useQuery({
    queryKey: [...casesQueryKey, 'caseload', view],
    // The server's page may have had the browser fetch this address already (shared/screens.ts).
    queryFn: () => apiRequest<CaseloadList>('GET', caseloadApiPath(view)),
  });
}

/** A search's terms go in the body: a URL is kept by logs and the browser's history. */
export function searchCases(body: CaseSearchBody): Promise<CaseSearchResult> {
  return apiRequest<CaseSearchResult>('POST', '/api/cases/search', { body });
}

export function reassignCases(body: ReassignCasesBody): Promise<ReassignCasesResult> {
  return apiRequest<ReassignCasesResult>('POST', '/api/cases/reassignments', { body });
}

export function useCase(id: string): UseQueryResult<CaseDetail> {
  return useQuery({
    queryKey: caseQueryKey(id),
    queryFn: () => apiRequest<CaseDetail>('GET', caseApiPath(id)),
  });
}

export function takeCase(id: string, version: number): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('POST', `/api/cases/${id}/take`, { body: { version } });
}

export function assignCase(id: string, body: AssignCaseBody): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('POST', `/api/cases/${id}/assign`, { body });
}

export function recordContact(id: string, body: RecordContactBody): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('POST', `/api/cases/${id}/contacts`, { body });
}

export function changeCaseStatus(id: string, body: ChangeCaseStatusBody): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('POST', `/api/cases/${id}/status`, { body });
}

export function raiseSafeguarding(id: string, body: RaiseSafeguardingBody): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('POST', `/api/cases/${id}/safeguarding`, { body });
}

export function acknowledgeSafeguarding(id: string, concernId: string): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('POST', `/api/cases/${id}/safeguarding/${concernId}/acknowledge`);
}

export function reReferCase(id: string, body: ReReferBody): Promise<ReReferResult> {
  return apiRequest<ReReferResult>('POST', `/api/cases/${id}/re-refer`, { body });
}

export function useCaseDuplicate(id: string, enabled: boolean): UseQueryResult<CaseDuplicate> {
  return useQuery({
    // Apart from the case's keys: a merge refreshes the case, and the pair is then gone.
    queryKey: ['case-duplicates', id],
    queryFn: () => apiRequest<CaseDuplicate>('GET', `/api/cases/${id}/duplicate`),
    enabled,
  });
}

export function mergePerson(id: string, body: MergePersonInput): Promise<MergePersonResult> {
  return apiRequest<MergePersonResult>('POST', `/api/cases/${id}/merge-person`, { body });
}
