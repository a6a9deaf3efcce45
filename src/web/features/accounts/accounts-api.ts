import {
  type InfiniteData,
  useInfiniteQuery,
  type UseInfiniteQueryResult,
  useQuery,
  type UseQueryResult,
} from '@tanstack/react-query';
import type {
  Account,
  AccountList,
  CreateAccountBody,
  GrantInput,
  UpdateAccountBody,
} from '../../../shared/contracts/accounts';
import type { Role } from '../../../shared/roles';
import { apiCommand, apiRequest } from '../../api';

export const accountsQueryKey = ['accounts'] as const;
const pageSize = 25;

export type AccountFilters = { search: string; role: Role | ''; siteId: string };

export function useAccountList(
  filters: AccountFilters,
): UseInfiniteQueryResult<InfiniteData<AccountList, string | null>> {
  return useInfiniteQuery({
    queryKey: [...accountsQueryKey, 'list', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<AccountList>('GET', '/api/accounts', {
        query: { ...filters, cursor: pageParam, limit: pageSize },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function accountQueryKey(id: string): readonly string[] {
  return [...accountsQueryKey, 'one', id];
}

export function useAccount(id: string): UseQueryResult<Account> {
  return useQuery({
    queryKey: accountQueryKey(id),
    queryFn: () => apiRequest<Account>('GET', `/api/accounts/${id}`),
  });
}

export function createAccount(body: CreateAccountBody): Promise<Account> {
  return apiRequest<Account>('POST', '/api/accounts', { body });
}

export function updateAccount(id: string, body: UpdateAccountBody): Promise<Account> {
  return apiRequest<Account>('PATCH', `/api/accounts/${id}`, { body });
}

export function setAccountPassword(id: string, newPassword: string): Promise<void> {
  return apiCommand('POST', `/api/accounts/${id}/password`, { body: { newPassword } });
}

export function addGrant(id: string, grant: GrantInput): Promise<Account> {
  return apiRequest<Account>('POST', `/api/accounts/${id}/grants`, { body: grant });
}

export function removeGrant(id: string, grantId: string): Promise<Account> {
  return apiRequest<Account>('DELETE', `/api/accounts/${id}/grants/${grantId}`);
}
