import type { ReactElement } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';

/** While a section's data loads or after it failed: what to show instead of the section. */
export function SectionStatus({ query }: { query: UseQueryResult<unknown> }): ReactElement | null {
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}
