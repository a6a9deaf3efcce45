import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useSearchParams } from '../../navigation';
import type { ActivitySearchProfile } from '../../../shared/contracts/search';
import { apiRequest } from '../../api';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The case a directory page works for, from `?case=`: its id only, never the person's
 * details, which the page fetches (so nothing personal sits in an address or a history).
 */
export function useCaseInAddress(): string | null {
  const [params] = useSearchParams();
  const id = params.get('case');
  return id && uuidPattern.test(id) ? id : null;
}

/** `?case=<id>` to keep a link within the case's search, or nothing. */
export function caseQuery(caseId: string | null): string {
  return caseId ? `?case=${caseId}` : '';
}

export function useActivitySearchProfile(
  caseId: string | null,
): UseQueryResult<ActivitySearchProfile> {
  return useQuery({
    queryKey: ['activity-search', caseId],
    queryFn: () => apiRequest<ActivitySearchProfile>('GET', `/api/cases/${caseId}/activity-search`),
    enabled: caseId !== null,
    staleTime: 60_000,
  });
}
