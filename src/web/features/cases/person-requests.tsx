import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactElement, Suspense } from 'react';
import type { CasePersonRequestList } from '../../../shared/contracts/person-space';
import { apiRequest } from '../../api';
import { casePersonRequestsApiPath } from '../../../shared/case-api-paths';
import { loadPart } from '../../i18n';

export const personRequestsKey = (caseId: string): string[] => ['cases', caseId, 'person-requests'];

// Few cases have any: the list, its form and its words come only with the first request.
const PersonRequestList = lazy(async () => ({
  default: (
    await loadPart('features/cases/person-request-list', () => import('./person-request-list'))()
  ).PersonRequestList,
}));

/**
 * The person's requests, from their own space, that their record be corrected or erased:
 * what they asked and how it was handled. A site manager of the case's site records the
 * handling (done, or refused with why), which the person then sees. Nothing shows while
 * there are none.
 */
export function PersonRequests({ caseId }: { caseId: string }): ReactElement | null {
  const query = useQuery({
    queryKey: personRequestsKey(caseId),
    queryFn: () => apiRequest<CasePersonRequestList>('GET', casePersonRequestsApiPath(caseId)),
  });
  if (!query.data || query.data.items.length === 0) return null;
  return (
    <Suspense fallback={null}>
      <PersonRequestList caseId={caseId} list={query.data} />
    </Suspense>
  );
}
