import {
  type QueryClient,
  type UseQueryResult,
  queryOptions,
  useQuery,
} from '@tanstack/react-query';
import type { GapDistance, GapMap } from '../../../shared/contracts/gap-map';
import type {
  Dashboard,
  OutcomeGroupDimension,
  OutcomeGroups,
  OutcomeWindow,
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

/** The outcomes' choices: a report's, and the date their period is read by. */
export type OutcomeFilters = ReportFilters & { window: OutcomeWindow };

function outcomeQuery(filters: OutcomeFilters): QueryParams {
  return { ...reportQuery(filters), window: filters.window };
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

export function useOutcomes(filters: OutcomeFilters): UseQueryResult<OutcomesReport> {
  return useQuery({
    queryKey: ['reports', 'outcomes', filters],
    queryFn: () =>
      apiRequest<OutcomesReport>('GET', '/api/reports/outcomes', {
        query: outcomeQuery(filters),
      }),
  });
}

function outcomeGroupsQuery(filters: OutcomeFilters, dimension: OutcomeGroupDimension) {
  return queryOptions({
    queryKey: ['reports', 'outcome-groups', filters, dimension],
    queryFn: () =>
      apiRequest<OutcomeGroups>('GET', '/api/reports/outcomes/groups', {
        query: { ...outcomeQuery(filters), dimension },
      }),
  });
}

export function useOutcomeGroups(
  filters: OutcomeFilters,
  dimension: OutcomeGroupDimension,
): UseQueryResult<OutcomeGroups> {
  return useQuery(outcomeGroupsQuery(filters, dimension));
}

/** One dimension's groups outside a component (the download), from the cache when it has them. */
export function fetchOutcomeGroups(
  client: QueryClient,
  filters: OutcomeFilters,
  dimension: OutcomeGroupDimension,
): Promise<OutcomeGroups> {
  return client.fetchQuery(outcomeGroupsQuery(filters, dimension));
}

/** The gap map's choices: a report's, and how far a service counts as near (a fixed list). */
export type GapMapFilters = ReportFilters & { distance: GapDistance };

export function useGapMap(filters: GapMapFilters): UseQueryResult<GapMap> {
  return useQuery({
    queryKey: ['reports', 'gap-map', filters],
    queryFn: () =>
      apiRequest<GapMap>('GET', '/api/reports/gap-map', {
        query: { ...reportQuery(filters), distance: filters.distance },
      }),
  });
}
