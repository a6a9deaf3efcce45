import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { FailedEmailList } from '../../../shared/contracts/emails';
import { apiCommand, apiRequest } from '../../api';

export const failedEmailsKey = ['emails', 'failed'] as const;

export function useFailedEmails(): UseQueryResult<FailedEmailList> {
  return useQuery({
    queryKey: failedEmailsKey,
    queryFn: () => apiRequest<FailedEmailList>('GET', '/api/admin/emails/failed'),
  });
}

export function retryEmail(id: string): Promise<void> {
  return apiCommand('POST', `/api/admin/emails/${id}/retry`);
}
