import {
  type InfiniteData,
  useInfiniteQuery,
  type UseInfiniteQueryResult,
} from '@tanstack/react-query';
import type { AuditEventList } from '../../../shared/contracts/audit';
import { apiRequest } from '../../api';
import type { AuditOutcome } from './audit-labels';

export type AuditFilters = {
  action: string;
  outcome: AuditOutcome | '';
  /** Calendar days (YYYY-MM-DD) in the browser's time zone, inclusive. */
  fromDay: string;
  toDay: string;
};

const pageSize = 50;

export function useAuditEvents(
  filters: AuditFilters,
): UseInfiniteQueryResult<InfiniteData<AuditEventList, string | null>> {
  return useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<AuditEventList>('GET', '/api/audit-events', {
        query: {
          action: filters.action,
          outcome: filters.outcome,
          from: startOfDay(filters.fromDay),
          to: endOfDay(filters.toDay),
          cursor: pageParam,
          limit: pageSize,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

function startOfDay(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}

function endOfDay(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}
