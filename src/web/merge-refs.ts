import { useMergedRef } from '@mantine/hooks';
import type { Ref, RefCallback } from 'react';

/**
 * floating-ui's useMergeRefs, as Mantine's ScrollArea calls it (one array of refs), made of the
 * same hook in @mantine/hooks. vite.config.ts hands it to ScrollArea, which every Table
 * carries, so that a table screen does not fetch the whole popover engine for this one hook.
 */
export function useMergeRefs<T>(refs: readonly (Ref<T> | undefined)[]): RefCallback<T> {
  return useMergedRef(...refs);
}
