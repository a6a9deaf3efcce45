import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { isStaleVersion } from '../../components/stale-version';
import { caseQueryKey, casesQueryKey } from './cases-api';

/**
 * A change to a case whose answer is the case as it now stands: the screen shows it at once.
 * When someone else changed the case first, the screen reloads it so the next try is fresh.
 */
export function useCaseMutation<V>(
  caseId: string,
  send: (variables: V) => Promise<CaseDetail>,
  onDone?: (detail: CaseDetail) => void,
): UseMutationResult<CaseDetail, Error, V> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (detail) => {
      queryClient.setQueryData(caseQueryKey(caseId), detail);
      void queryClient.invalidateQueries({ queryKey: [...casesQueryKey, 'triage'] });
      void queryClient.invalidateQueries({ queryKey: [...casesQueryKey, 'caseload'] });
      onDone?.(detail);
    },
    onError: (error) => {
      if (isStaleVersion(error))
        void queryClient.invalidateQueries({ queryKey: caseQueryKey(caseId) });
    },
  });
}
