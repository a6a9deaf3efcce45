import type { ReactElement, ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { LoadError } from './load-error';
import { PageLoader } from './page-loader';

/** While a section's data loads or after it failed: what to show instead of the section. */
function SectionStatus({ query }: { query: UseQueryResult<unknown> }): ReactElement | null {
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}

/** What a query-backed section shows: its content once the data is here, else the above. */
export function QueryContent<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}): ReactElement | null {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  return <SectionStatus query={query} />;
}
