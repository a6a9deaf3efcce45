import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { HomeView } from '../../../shared/contracts/home';
import { apiRequest } from '../../api';

export function useHome(): UseQueryResult<HomeView> {
  return useQuery({
    queryKey: ['home'],
    queryFn: () => apiRequest<HomeView>('GET', '/api/home'),
  });
}
