import {
  type InfiniteData,
  useInfiniteQuery,
  type UseInfiniteQueryResult,
  useQuery,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { NotificationList } from '../../../shared/contracts/notifications';
import { unreadCountApiPath } from '../../../shared/screens';
import { apiCommand, apiRequest } from '../../api';

export const notificationsKey = ['notifications'] as const;
const pageSize = 25;

export function useNotifications(): UseInfiniteQueryResult<
  InfiniteData<NotificationList, string | null>
> {
  return useInfiniteQuery({
    queryKey: [...notificationsKey, 'list'],
    queryFn: ({ pageParam }) =>
      apiRequest<NotificationList>('GET', '/api/notifications', {
        query: { cursor: pageParam, limit: pageSize },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/**
 * How many notifications are unread, for the header's bell: asked again when the window
 * comes back into focus and every five minutes (each asking is audited).
 */
export function useUnreadCount(): UseQueryResult<number> {
  return useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: async () => (await apiRequest<NotificationList>('GET', unreadCountApiPath)).unread,
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
}

export function markNotificationRead(id: string): Promise<void> {
  return apiCommand('POST', `/api/notifications/${id}/read`);
}

export function markAllNotificationsRead(): Promise<void> {
  return apiCommand('POST', '/api/notifications/read-all');
}
