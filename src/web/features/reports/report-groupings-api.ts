import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type {
  CreateReportGroupingBody,
  ReportGrouping,
  ReportGroupingList,
  UpdateReportGroupingBody,
} from '../../../shared/contracts/report-groupings';
import { apiRequest } from '../../api';

export const groupingsQueryKey = ['report-groupings'] as const;

export function useReportGroupings(): UseQueryResult<ReportGrouping[]> {
  return useQuery({
    queryKey: groupingsQueryKey,
    queryFn: () => apiRequest<ReportGroupingList>('GET', '/api/report-groupings'),
    select: (list) => list.items,
  });
}

export function createGrouping(body: CreateReportGroupingBody): Promise<ReportGrouping> {
  return apiRequest<ReportGrouping>('POST', '/api/report-groupings', { body });
}

export function updateGrouping(
  id: string,
  body: UpdateReportGroupingBody,
): Promise<ReportGrouping> {
  return apiRequest<ReportGrouping>('PATCH', `/api/report-groupings/${id}`, { body });
}

export async function removeGrouping(id: string): Promise<void> {
  await apiRequest<unknown>('DELETE', `/api/report-groupings/${id}`);
}
