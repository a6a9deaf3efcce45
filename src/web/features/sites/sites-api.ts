import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  CreateSiteInput,
  Site,
  SiteList,
  UpdateSiteBody,
} from '../../../shared/contracts/sites';
import { apiRequest } from '../../api';

export const sitesQueryKey = ['sites'] as const;

export function useSites(): UseQueryResult<Site[]> {
  return useQuery({
    queryKey: sitesQueryKey,
    queryFn: () => apiRequest<SiteList>('GET', '/api/sites'),
    select: (list) => list.items,
  });
}

export function createSite(body: CreateSiteInput): Promise<Site> {
  return apiRequest<Site>('POST', '/api/sites', { body });
}

export function updateSite(id: string, body: UpdateSiteBody): Promise<Site> {
  return apiRequest<Site>('PATCH', `/api/sites/${id}`, { body });
}
