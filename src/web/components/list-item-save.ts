import {
  type QueryKey,
  useMutation,
  type UseMutationResult,
  useQueryClient,
} from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { isStaleVersion } from './stale-version';

type Options<T extends { id: string }> = {
  /** The list the item belongs to, refreshed after every save. */
  listKey: QueryKey;
  /** The item being edited; undefined while creating one. */
  item: T | undefined;
  save: () => Promise<unknown>;
  onDone: () => void;
  /** Someone else saved the item first: here it is as it now stands, to edit again. */
  onConflict: (fresh: T) => void;
};

type ListItemSave = {
  mutation: UseMutationResult<unknown, Error, void>;
  submit: (event: FormEvent) => void;
};

/** Saves a form for an item of a list, and reloads the item when the save lost a version race. */
export function useListItemSave<T extends { id: string }>({
  listKey,
  item,
  save,
  onDone,
  onConflict,
}: Options<T>): ListItemSave {
  const queryClient = useQueryClient();

  const reload = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: listKey });
    const list = queryClient.getQueryData<{ items: T[] }>(listKey);
    const fresh = list?.items.find((candidate) => candidate.id === item?.id);
    if (fresh) onConflict(fresh);
  };

  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: listKey });
      onDone();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void reload();
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    mutation.mutate();
  };

  return { mutation, submit };
}
