import { useMutation, type UseMutationResult, useQueryClient } from '@tanstack/react-query';
import { isStaleVersion } from '../../components/stale-version';

/**
 * Saves a note or an appointment and refreshes what shows it (the section, the agenda, the
 * case when a contact was added). When someone else saved first, the section reloads.
 */
export function useRecordSave<TBody, TResult>(
  keys: readonly (readonly string[])[],
  save: (body: TBody) => Promise<TResult>,
  onDone?: (result: TResult) => void,
): UseMutationResult<TResult, Error, TBody> {
  const queryClient = useQueryClient();
  const refresh = async (): Promise<void> => {
    await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
  return useMutation({
    mutationFn: save,
    onSuccess: async (result) => {
      await refresh();
      onDone?.(result);
    },
    onError: (error) => {
      if (isStaleVersion(error)) void refresh();
    },
  });
}
