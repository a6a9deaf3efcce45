import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  DecideTermCategoryBody,
  DirectoryImportBody,
  DirectoryImportJob,
  TermCategory,
  TermCategoryList,
} from '../../../shared/contracts/directory';
import type {
  ChangeRequest,
  ChangeRequestList,
  ConfirmListingResult,
  MyListings,
  ProposeChangeBody,
} from '../../../shared/contracts/listings';
import { apiRequest } from '../../api';

export const myListingsKey = ['my-listings'] as const;
export const changeRequestsKey = ['change-requests'] as const;

export function useMyListings(): UseQueryResult<MyListings> {
  return useQuery({
    queryKey: myListingsKey,
    queryFn: () => apiRequest<MyListings>('GET', '/api/directory/my-listings'),
  });
}

export function proposeChange(body: ProposeChangeBody): Promise<ChangeRequest> {
  return apiRequest<ChangeRequest>('POST', '/api/directory/change-requests', { body });
}

export function confirmListing(serviceId: string): Promise<ConfirmListingResult> {
  return apiRequest<ConfirmListingResult>(
    'POST',
    `/api/directory/listings/${encodeURIComponent(serviceId)}/confirm`,
  );
}

export function usePendingChanges(): UseQueryResult<ChangeRequestList> {
  return useQuery({
    queryKey: changeRequestsKey,
    queryFn: () =>
      apiRequest<ChangeRequestList>('GET', '/api/directory/change-requests', {
        query: { status: 'pending' },
      }),
  });
}

export function approveChange(id: string, version: number): Promise<ChangeRequest> {
  return apiRequest<ChangeRequest>('POST', `/api/directory/change-requests/${id}/approve`, {
    body: { version },
  });
}

export function rejectChange(id: string, version: number, note: string): Promise<ChangeRequest> {
  return apiRequest<ChangeRequest>('POST', `/api/directory/change-requests/${id}/reject`, {
    body: { version, note },
  });
}

export function startImport(body: DirectoryImportBody): Promise<DirectoryImportJob> {
  return apiRequest<DirectoryImportJob>('POST', '/api/directory/import-jobs', { body });
}

/** Asks for the job's progress every half second while it runs. */
export function useImportJob(id: string | null): UseQueryResult<DirectoryImportJob> {
  return useQuery({
    queryKey: ['import-job', id],
    enabled: id !== null,
    queryFn: () => apiRequest<DirectoryImportJob>('GET', `/api/directory/import-jobs/${id ?? ''}`),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 500 : false),
  });
}

export const termCategoriesKey = ['term-categories'] as const;

export function useTermCategories(): UseQueryResult<TermCategoryList> {
  return useQuery({
    queryKey: termCategoriesKey,
    queryFn: () => apiRequest<TermCategoryList>('GET', '/api/directory/term-categories'),
  });
}

export function decideTermCategory(
  termId: string,
  body: DecideTermCategoryBody,
): Promise<TermCategory> {
  return apiRequest<TermCategory>(
    'PUT',
    `/api/directory/term-categories/${encodeURIComponent(termId)}`,
    { body },
  );
}
