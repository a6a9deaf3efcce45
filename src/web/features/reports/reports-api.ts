import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { Dashboard, OutcomesReport } from '../../../shared/contracts/reports';
import type { SiteList } from '../../../shared/contracts/sites';
import { type QueryParams, apiRequest } from '../../api';

export type ReportFilters = {
  siteIds: string[];
  /** Calendar days (YYYY-MM-DD), inclusive; empty for no bound. */
  from: string;
  to: string;
};

export function reportQuery(filters: ReportFilters): QueryParams {
  return {
    siteIds: filters.siteIds.length > 0 ? filters.siteIds.join(',') : undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
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

export function useReportSites(): UseQueryResult<SiteList> {
  return useQuery({
    queryKey: ['sites'],
    queryFn: () => apiRequest<SiteList>('GET', '/api/sites'),
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
