import {
  type QueryClient,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { CurrentAccount, SessionView } from '../shared/contracts/auth';
import { ApiError, apiRequest, rememberCsrfToken } from './api';

export const sessionQueryKey = ['session'] as const;
const sessionEndedKey = ['session-ended'] as const;

async function fetchSession(): Promise<SessionView | null> {
  try {
    const session = await apiRequest<SessionView>('GET', '/api/auth/session');
    rememberCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberCsrfToken(null);
      return null;
    }
    throw error;
  }
}

const sessionQuery = { queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: Infinity };

export function useSessionQuery(): UseQueryResult<SessionView | null> {
  return useQuery(sessionQuery);
}

/**
 * Asks for the session as the app starts: the first render waits for the interface's
 * language file, and on a slow link the answer should not wait behind it.
 */
export function prefetchSession(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(sessionQuery);
}

/**
 * `endedByServer`: the server no longer knows the session (signed out elsewhere, password
 * or two-factor changed in another session), so the sign-in page says why it is back.
 */
export function storeSession(
  queryClient: QueryClient,
  session: SessionView | null,
  { endedByServer = false }: { endedByServer?: boolean } = {},
): void {
  rememberCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(sessionEndedKey, session === null && endedByServer);
  queryClient.setQueryData(sessionQueryKey, session);
}

export function useSessionEndedByServer(): boolean {
  return useQueryClient().getQueryData<boolean>(sessionEndedKey) === true;
}

export function storeCurrentAccount(queryClient: QueryClient, account: CurrentAccount): void {
  queryClient.setQueryData<SessionView | null>(sessionQueryKey, (session) =>
    session ? { ...session, account } : session,
  );
}

export const SessionContext = createContext<SessionView | null>(null);

/** The signed-in session; only screens behind the sign-in guard may call it. */
export function useSession(): SessionView {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is only available behind the sign-in guard');
  return session;
}
