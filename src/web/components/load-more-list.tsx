import { Button, Group, Text } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactElement, ReactNode } from 'react';
import { useT } from '../i18n';
import { LoadError } from './load-error';
import { PageLoader } from './page-loader';

type Props<T, TCursor> = {
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[] }, TCursor>>;
  /** Said when there is nothing to list. */
  empty: string;
  /** Says how many items are shown, announced as a status when it changes. */
  shown: (count: number) => string;
  children: (items: T[]) => ReactNode;
};

/** The items of a paged query so far, with their count and a button to fetch the next page. */
export function LoadMoreList<T, TCursor>({
  query,
  empty,
  shown,
  children,
}: Props<T, TCursor>): ReactElement {
  const { t } = useT();
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0) return <Text>{empty}</Text>;
  return (
    <>
      {children(items)}
      <Group justify="space-between">
        <Text size="sm" role="status">
          {shown(items.length)}
        </Text>
        {query.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </Group>
    </>
  );
}
