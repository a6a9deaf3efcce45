import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ClientSettings } from '../shared/contracts/client-settings';
import { apiRequest } from './api';

/** The server's run-time settings for the web app (map tiles, the single sign-on button). */
export function useClientSettings(): UseQueryResult<ClientSettings> {
  return useQuery({
    queryKey: ['client-settings'],
    queryFn: () => apiRequest<ClientSettings>('GET', '/api/client-settings'),
    staleTime: Infinity,
  });
}
