import { Grid, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { ForbiddenPage } from '../../components/forbidden-page';
import { usePageTitle } from '../../components/page-title';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { useDirectorySearch } from './directory-search-api';
import { hasCriteria, readFilters, type SearchFilters, writeFilters } from './search-filters';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';
import { ResultsMapPanel } from './results-map-panel';

/** /directory: search the community directory; the filters live in the address bar. */
export function DirectorySearchPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('directorySearch.title'));
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const search = useDirectorySearch(filters);
  if (!session.permissions.searchDirectory) return <ForbiddenPage />;

  const submit = (next: SearchFilters): void => setParams(writeFilters(next));
  const items = search.data?.pages.flatMap((page) => page.items) ?? [];
  const origin = search.data?.pages[0]?.origin ?? null;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('directorySearch.title')}</Title>
        <Text c="dimmed">{t('directorySearch.intro')}</Text>
      </Stack>
      <SearchForm key={params.toString()} initial={filters} onSubmit={submit} />
      {hasCriteria(filters) ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
            <SearchResults query={search} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
            <ResultsMapPanel items={items} origin={origin} />
          </Grid.Col>
        </Grid>
      ) : (
        <Text>{t('directorySearch.start')}</Text>
      )}
    </Stack>
  );
}
