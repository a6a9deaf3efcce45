import {
  type InfiniteData,
  useInfiniteQuery,
  type UseInfiniteQueryResult,
} from '@tanstack/react-query';
import type { DirectorySearchResult } from '../../../shared/contracts/search';
import { apiRequest } from '../../api';
import { useT } from '../../i18n';
import { hasCriteria, type SearchFilters, searchQuery } from './search-filters';

const perPage = 20;

/**
 * The directory search, a page at a time; results come in the interface language. With a
 * case, ranked for its person (a search with no criteria then lists everything, best first).
 */
export function useDirectorySearch(
  filters: SearchFilters,
  caseId: string | null = null,
): UseInfiniteQueryResult<InfiniteData<DirectorySearchResult, number>> {
  const { locale } = useT();
  const query = { ...searchQuery(filters), ...(caseId ? { caseId } : {}) };
  return useInfiniteQuery({
    queryKey: ['directory-search', locale, query],
    queryFn: ({ pageParam }) =>
      apiRequest<DirectorySearchResult>('GET', '/api/directory/search', {
        query: { ...query, page: pageParam, perPage },
      }),
    initialPageParam: 1,
    getNextPageParam: (lastPage) => (lastPage.hasMore ? lastPage.page + 1 : undefined),
    enabled: caseId !== null || hasCriteria(filters),
  });
}
