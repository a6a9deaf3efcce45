import {
  type InfiniteData,
  useInfiniteQuery,
  type UseInfiniteQueryResult,
  useQuery,
  type UseQueryResult,
} from '@tanstack/react-query';
import type {
  CreateReferralInput,
  PublicSiteList,
  Referral,
  ReferralList,
  ReferralSite,
  ReferralSiteList,
  SelfReferralAcknowledgement,
  SelfReferralBody,
} from '../../../shared/contracts/referrals';
import { apiRequest } from '../../api';

export const referralsQueryKey = ['referrals'] as const;
const pageSize = 25;

export function useReferralSites(): UseQueryResult<ReferralSite[]> {
  return useQuery({
    queryKey: [...referralsQueryKey, 'sites'],
    queryFn: async () => (await apiRequest<ReferralSiteList>('GET', '/api/referrals/sites')).items,
  });
}

export function createReferral(body: CreateReferralInput): Promise<Referral> {
  return apiRequest<Referral>('POST', '/api/referrals', { body, idempotent: true });
}

export function useMyReferrals(): UseInfiniteQueryResult<
  InfiniteData<ReferralList, string | null>
> {
  return useInfiniteQuery({
    queryKey: [...referralsQueryKey, 'mine'],
    queryFn: ({ pageParam }) =>
      apiRequest<ReferralList>('GET', '/api/referrals/mine', {
        query: { cursor: pageParam, limit: pageSize },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useReferral(id: string): UseQueryResult<Referral> {
  return useQuery({
    queryKey: [...referralsQueryKey, 'one', id],
    queryFn: () => apiRequest<Referral>('GET', `/api/referrals/${id}`),
  });
}

export function usePublicSites(): UseQueryResult<ReferralSite[]> {
  return useQuery({
    queryKey: ['public-sites'],
    queryFn: async () => (await apiRequest<PublicSiteList>('GET', '/api/public/sites')).items,
  });
}

export function createSelfReferral(body: SelfReferralBody): Promise<SelfReferralAcknowledgement> {
  return apiRequest<SelfReferralAcknowledgement>('POST', '/api/public/self-referrals', {
    body,
    idempotent: true,
  });
}
