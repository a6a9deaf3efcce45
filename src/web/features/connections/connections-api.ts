import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  ChangeConnectionStatusBody,
  Connection,
  ConnectionList,
  ConnectionStatus,
  CreateConnectionBody,
  LinkActionBody,
  LinkActionResult,
  LinkView,
  PartnerAnswerByPhoneBody,
  PartnerConnectionDetail,
  PartnerConnectionList,
  PartnerStatusBody,
} from '../../../shared/contracts/connections';
import { apiRequest } from '../../api';

export const caseConnectionsKey = (caseId: string): readonly string[] => [
  'case-connections',
  caseId,
];
export const partnerConnectionsKey = ['partner-connections'] as const;

export function useCaseConnections(caseId: string): UseQueryResult<ConnectionList> {
  return useQuery({
    queryKey: caseConnectionsKey(caseId),
    queryFn: () => apiRequest<ConnectionList>('GET', `/api/cases/${caseId}/connections`),
  });
}

export function proposeConnection(caseId: string, body: CreateConnectionBody): Promise<Connection> {
  return apiRequest<Connection>('POST', `/api/cases/${caseId}/connections`, {
    body,
    idempotent: true,
  });
}

export function moveConnection(id: string, body: ChangeConnectionStatusBody): Promise<Connection> {
  return apiRequest<Connection>('POST', `/api/connections/${id}/status`, { body });
}

/** A partner's answer given by phone, recorded by the link worker on the partner's behalf. */
export function recordAnswerByPhone(
  id: string,
  body: PartnerAnswerByPhoneBody,
): Promise<Connection> {
  return apiRequest<Connection>('POST', `/api/connections/${id}/partner-answers`, { body });
}

export function usePartnerConnections(
  status: ConnectionStatus | null,
): UseQueryResult<PartnerConnectionList> {
  return useQuery({
    queryKey: [...partnerConnectionsKey, status ?? 'all'],
    queryFn: () =>
      apiRequest<PartnerConnectionList>('GET', '/api/partner/connections', {
        query: { status: status ?? undefined },
      }),
  });
}

export function usePartnerConnection(id: string): UseQueryResult<PartnerConnectionDetail> {
  return useQuery({
    queryKey: [...partnerConnectionsKey, 'one', id],
    queryFn: () => apiRequest<PartnerConnectionDetail>('GET', `/api/partner/connections/${id}`),
  });
}

export function answerConnection(
  id: string,
  body: PartnerStatusBody,
): Promise<PartnerConnectionDetail> {
  return apiRequest<PartnerConnectionDetail>('POST', `/api/partner/connections/${id}/status`, {
    body,
  });
}

export function useLink(token: string): UseQueryResult<LinkView> {
  return useQuery({
    queryKey: ['link', token],
    queryFn: () => apiRequest<LinkView>('GET', `/api/links/${token}`),
    retry: false,
  });
}

export function actOnLink(token: string, body: LinkActionBody): Promise<LinkActionResult> {
  return apiRequest<LinkActionResult>('POST', `/api/links/${token}`, { body });
}
