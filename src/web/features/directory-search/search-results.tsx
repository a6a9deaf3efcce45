import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { DirectorySearchResult, SearchIntentKind } from '../../../shared/contracts/search';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { type ResultsFor, SearchHitCard } from './search-hit-card';
import { UnderstoodChips } from './understood-chips';

type Props = {
  query: UseInfiniteQueryResult<InfiniteData<DirectorySearchResult, number>>;
  resultsFor?: ResultsFor | null;
  /** Runs the search again without a need read from the words. */
  onRemoveIntent: (kind: SearchIntentKind) => void;
};

/** The results as a list, the primary view: it works without the map. */
export function SearchResults({ query, resultsFor = null, onRemoveIntent }: Props): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const corrections = query.data?.pages[0]?.corrections ?? [];
  const understood = query.data?.pages[0]?.understood ?? [];
  return (
    <Stack component="section" aria-labelledby="directory-results" gap="md">
      <Title order={2} id="directory-results">
        {t('directorySearch.results')}
      </Title>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <UnderstoodChips understood={understood} onRemove={onRemoveIntent} />
          {corrections.length > 0 && (
            <Text>
              {t('directorySearch.correctedTo')}{' '}
              {corrections.map((correction, index) => (
                <span key={correction.from}>
                  {index > 0 && ', '}
                  <Text span fw={700} inherit>
                    {t('directorySearch.corrected', correction)}
                  </Text>
                </span>
              ))}
            </Text>
          )}
          {items.length === 0 ? (
            <Text>{t('directorySearch.empty')}</Text>
          ) : (
            <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
              {items.map((hit) => (
                <li key={hit.id}>
                  <SearchHitCard hit={hit} resultsFor={resultsFor} />
                </li>
              ))}
            </Stack>
          )}
          <Group justify="space-between">
            <Text size="sm" role="status">
              {items.length > 0 &&
                t('directorySearch.shown', {
                  count: items.length,
                  number: format.number(items.length),
                })}
            </Text>
            {query.hasNextPage && (
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {t('directorySearch.more')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
