import { useMutation, type UseMutationResult, useQueryClient } from '@tanstack/react-query';
import { isStaleVersion } from '../../components/stale-version';

/**
 * Saves a section and refreshes what the case screen shows. When someone else saved first,
 * the section reloads their version (the form starts again from it) while the alert says why.
 */
export function useSectionSave<TBody, TResult>(
  keys: readonly (readonly string[])[],
  save: (body: TBody) => Promise<TResult>,
): UseMutationResult<TResult, Error, TBody> {
  const queryClient = useQueryClient();
  const refresh = async (): Promise<void> => {
    await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
  return useMutation({
    mutationFn: save,
    onSuccess: refresh,
    onError: (error) => {
      if (isStaleVersion(error)) void refresh();
    },
  });
}
