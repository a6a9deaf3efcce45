import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  CreateOrganisationBody,
  Organisation,
  OrganisationList,
  UpdateOrganisationBody,
} from '../../../shared/contracts/organisations';
import { apiRequest } from '../../api';

export const organisationsQueryKey = ['organisations'] as const;

export function useOrganisations(): UseQueryResult<Organisation[]> {
  return useQuery({
    queryKey: organisationsQueryKey,
    queryFn: () => apiRequest<OrganisationList>('GET', '/api/organisations'),
    select: (list) => list.items,
  });
}

export function createOrganisation(body: CreateOrganisationBody): Promise<Organisation> {
  return apiRequest<Organisation>('POST', '/api/organisations', { body });
}

export function updateOrganisation(
  id: string,
  body: UpdateOrganisationBody,
): Promise<Organisation> {
  return apiRequest<Organisation>('PATCH', `/api/organisations/${id}`, { body });
}
