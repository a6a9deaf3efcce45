import { type ReactElement, type ReactNode, Suspense } from 'react';
import type { Permissions, SessionView } from '../../shared/contracts/auth';
import { Navigate, useLocation } from '../navigation';
import { SessionContext, useSession, useSessionQuery } from '../session';
import { AppLayout } from './app-layout';
import { LoadError } from './load-error';
import { FullPageLoader, PageLoader } from './page-loader';
import { ForbiddenPage } from './forbidden-page';
import { PublicLayout } from './public-layout';

export const twoFactorSetupPath = '/account/two-factor';

/** Screens for signed-in people: sends others to sign in, and unfinished two-factor to setup. */
export function SignedInRoute({ children }: { children: ReactNode }): ReactElement {
  const { data: session, isPending, error, refetch } = useSessionQuery();
  const location = useLocation();
  if (isPending) return <FullPageLoader />;
  if (error) {
    return (
      <PublicLayout>
        <LoadError error={error} onRetry={() => void refetch()} />
      </PublicLayout>
    );
  }
  if (!session) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }
  return (
    <SignedInFrame session={session}>
      {/* A screen's code arrives after the frame: the loader holds its place, the frame stays. */}
      <Suspense fallback={<PageLoader />}>{children}</Suspense>
    </SignedInFrame>
  );
}

export function SignedInFrame({
  session,
  children,
}: {
  session: SessionView;
  children: ReactNode;
}): ReactElement {
  const { pathname } = useLocation();
  if (session.twoFactorSetupRequired && pathname !== twoFactorSetupPath) {
    return <Navigate to={twoFactorSetupPath} replace />;
  }
  return (
    <SessionContext.Provider value={session}>
      <AppLayout>{children}</AppLayout>
    </SessionContext.Provider>
  );
}

/** Shows a screen only when the session grants the permission; the server checks again anyway. */
export function RequirePermission({
  permission,
  children,
}: {
  permission: keyof Permissions;
  children: ReactNode;
}): ReactElement {
  const { permissions } = useSession();
  return permissions[permission] ? <>{children}</> : <ForbiddenPage />;
}
