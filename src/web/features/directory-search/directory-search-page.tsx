import { Anchor, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from '../../navigation';
import type { ActivitySearchProfile } from '../../../shared/contracts/search';
import { categories } from '../../../shared/directory-categories';
import { ForbiddenPage } from '../../components/forbidden-page';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { useActivitySearchProfile, useCaseInAddress } from './case-context';
import { useDirectorySearch } from './directory-search-api';
import {
  emptyFilters,
  hasCriteria,
  isPostalCode,
  readFilters,
  type SearchFilters,
  writeFilters,
} from './search-filters';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';
import { ResultsMapPanel } from './results-map-panel';

/**
 * /directory: search the community directory; the filters live in the address bar. With
 * `?case=<id>` it searches for that case's person: only the id is in the address, the filters
 * (their postal code first) live in the page's history entry, and the results are ranked
 * for them.
 */
export function DirectorySearchPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('directorySearch.title'));
  const session = useSession();
  const caseId = useCaseInAddress();
  const profile = useActivitySearchProfile(caseId);
  if (!session.permissions.searchDirectory) return <ForbiddenPage />;
  if (!caseId) return <DirectorySearch caseId={null} profile={null} />;
  if (profile.isPending) return <PageLoader />;
  if (profile.isError) {
    return <LoadError error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  return <DirectorySearch caseId={caseId} profile={profile.data} />;
}

function personFilters(profile: ActivitySearchProfile): SearchFilters {
  const postalCode = profile.postalCode ?? '';
  return { ...emptyFilters, postalCode: isPostalCode(postalCode) ? postalCode : '', km: '10' };
}

function isFilters(value: unknown): value is SearchFilters {
  return (
    typeof value === 'object' &&
    value !== null &&
    'q' in value &&
    'categories' in value &&
    'ignore' in value
  );
}

function DirectorySearch({
  caseId,
  profile,
}: {
  caseId: string | null;
  profile: ActivitySearchProfile | null;
}): ReactElement {
  const { t } = useT();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const kept: unknown = (location.state as { filters?: unknown } | null)?.filters;
  const filters = profile ? (isFilters(kept) ? kept : personFilters(profile)) : readFilters(params);
  const search = useDirectorySearch(filters, caseId);

  const submit = (submitted: SearchFilters): void => {
    // New words are read afresh: what was removed from the old ones does not carry over.
    const next = submitted.q === filters.q ? submitted : { ...submitted, ignore: [] };
    if (caseId)
      navigate({ search: `?case=${caseId}` }, { state: { filters: next }, replace: true });
    else setParams(writeFilters(next));
  };
  const items = search.data?.pages.flatMap((page) => page.items) ?? [];
  const origin = search.data?.pages[0]?.origin ?? null;
  const searching = caseId !== null || hasCriteria(filters);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('directorySearch.title')}</Title>
        <Text c="dimmed">{t('directorySearch.intro')}</Text>
      </Stack>
      {profile && caseId && <RankedFor caseId={caseId} profile={profile} />}
      <SearchForm key={JSON.stringify(filters)} initial={filters} onSubmit={submit} />
      {searching ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
            <SearchResults
              query={search}
              onRemoveIntent={(kind) => submit({ ...filters, ignore: [...filters.ignore, kind] })}
              resultsFor={
                profile && caseId
                  ? {
                      caseId,
                      personName: profile.personName,
                      language: profile.language,
                      canConnect: profile.permissions.connect,
                    }
                  : null
              }
            />
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

/** Whom the results are ranked for, and by what: read from the case, never from the address. */
function RankedFor({
  caseId,
  profile,
}: {
  caseId: string;
  profile: ActivitySearchProfile;
}): ReactElement {
  const { t, locale } = useT();
  const list = (items: string[]): string =>
    new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
  const needs = [...profile.needs.high, ...profile.needs.some].map(
    (key) => categories.find((category) => category.key === key)?.[locale] ?? key,
  );
  return (
    <Paper component="section" aria-labelledby="ranked-for" withBorder p="md">
      <Stack gap={4}>
        <Title order={2} size="h4" id="ranked-for">
          {t('directorySearch.forPersonTitle', { name: profile.personName })}
        </Title>
        <Text size="sm">{t('directorySearch.forPersonIntro', { name: profile.personName })}</Text>
        <Text size="sm">
          {t('directorySearch.personLanguage', {
            language: t(`directorySearch.languages.${profile.language}`),
          })}
        </Text>
        {needs.length === 0 && profile.interests.length === 0 ? (
          <Text size="sm">{t('directorySearch.nothingRecorded')}</Text>
        ) : (
          <>
            {needs.length > 0 && (
              <Text size="sm">{t('directorySearch.personNeeds', { needs: list(needs) })}</Text>
            )}
            {profile.interests.length > 0 && (
              <Text size="sm">
                {t('directorySearch.personInterests', { interests: list(profile.interests) })}
              </Text>
            )}
          </>
        )}
        <Anchor component={Link} to={`/cases/${caseId}/connections`} size="sm">
          {t('listingDetail.backToCase')}
        </Anchor>
      </Stack>
    </Paper>
  );
}
