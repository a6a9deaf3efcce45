import {
  type QueryClient,
  type UseQueryResult,
  queryOptions,
  useQuery,
} from '@tanstack/react-query';
import type {
  Dashboard,
  OutcomeGroupDimension,
  OutcomeGroups,
  OutcomesReport,
  ReportScopes,
} from '../../../shared/contracts/reports';
import { type QueryParams, apiRequest } from '../../api';

/** What a report covers: one fixed period and one fixed scope (contracts/reports.ts). */
export type ReportFilters = {
  /** 2026, 2026-Q3 or 2026-07. */
  period: string;
  /** programme, site:<id> or grouping:<id>; empty for the caller's default. */
  scope: string;
};

export function reportQuery(filters: ReportFilters): QueryParams {
  return { period: filters.period, scope: filters.scope || undefined };
}

/** The address of the de-identified CSV for these filters (a plain download link). */
export function exportUrl(filters: ReportFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(reportQuery(filters))) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const query = params.toString();
  return `/api/reports/export.csv${query ? `?${query}` : ''}`;
}

export function useReportScopes(): UseQueryResult<ReportScopes> {
  return useQuery({
    queryKey: ['reports', 'scopes'],
    queryFn: () => apiRequest<ReportScopes>('GET', '/api/reports/scopes'),
  });
}

export function useDashboard(filters: ReportFilters): UseQueryResult<Dashboard> {
  return useQuery({
    queryKey: ['reports', 'dashboard', filters],
    queryFn: () =>
      apiRequest<Dashboard>('GET', '/api/reports/dashboard', { query: reportQuery(filters) }),
  });
}

export function useOutcomes(filters: ReportFilters): UseQueryResult<OutcomesReport> {
  return useQuery({
    queryKey: ['reports', 'outcomes', filters],
    queryFn: () =>
      apiRequest<OutcomesReport>('GET', '/api/reports/outcomes', { query: reportQuery(filters) }),
  });
}

function outcomeGroupsQuery(filters: ReportFilters, dimension: OutcomeGroupDimension) {
  return queryOptions({
    queryKey: ['reports', 'outcome-groups', filters, dimension],
    queryFn: () =>
      apiRequest<OutcomeGroups>('GET', '/api/reports/outcomes/groups', {
        query: { ...reportQuery(filters), dimension },
      }),
  });
}

export function useOutcomeGroups(
  filters: ReportFilters,
  dimension: OutcomeGroupDimension,
): UseQueryResult<OutcomeGroups> {
  return useQuery(outcomeGroupsQuery(filters, dimension));
}

/** One dimension's groups outside a component (the download), from the cache when it has them. */
export function fetchOutcomeGroups(
  client: QueryClient,
  filters: ReportFilters,
  dimension: OutcomeGroupDimension,
): Promise<OutcomeGroups> {
  return client.fetchQuery(outcomeGroupsQuery(filters, dimension));
}
