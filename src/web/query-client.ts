import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';
import { sessionQueryKey, storeSession } from './session';

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => reactToSessionErrors(error) }),
    mutationCache: new MutationCache({ onError: (error) => reactToSessionErrors(error) }),
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; only network trouble and 5xx deserve another go.
        retry: (failureCount, error) =>
          failureCount < 2 &&
          !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });

  function reactToSessionErrors(error: Error): void {
    if (!(error instanceof ApiError)) return;
    if (error.status === 401 && error.code === 'unauthenticated') {
      const wasSignedIn = Boolean(queryClient.getQueryData(sessionQueryKey));
      storeSession(queryClient, null, { endedByServer: wasSignedIn });
    } else if (error.status === 403 && error.code === 'two_factor_setup_required') {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    }
  }

  return queryClient;
}
