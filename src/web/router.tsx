import { createBrowserRouter, Outlet } from 'react-router';
import { type ReactElement, useEffect } from 'react';
import { RequirePermission, SignedInRoute } from './components/route-guards';
import { RouteError } from './components/route-error';
import { AccountPage, TwoFactorRequiredPage } from './features/account';
import { AccountCreatePage, AccountDetailPage, AccountsPage } from './features/accounts';
import { AuditPage } from './features/audit';
import { HomePage } from './features/home';
import { NotFoundRoute } from './features/not-found';
import { OrganisationsPage } from './features/organisations';
import { SignInRoute } from './features/sign-in';
import { SitesPage } from './features/sites';
import { switchLocale } from './i18n';
import { useSessionQuery } from './session';

/** Follows the language saved on the account whenever a session brings one. */
function Root(): ReactElement {
  const { data: session } = useSessionQuery();
  const savedLocale = session?.account.locale;
  useEffect(() => {
    if (savedLocale) void switchLocale(savedLocale);
  }, [savedLocale]);
  return <Outlet />;
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInRoute /> },
      {
        element: <SignedInRoute />,
        children: [
          { index: true, element: <HomePage /> },
          { path: '/account', element: <AccountPage /> },
          { path: '/account/two-factor', element: <TwoFactorRequiredPage /> },
          {
            path: '/admin/organisations',
            element: (
              <RequirePermission permission="manageOrganisations">
                <OrganisationsPage />
              </RequirePermission>
            ),
          },
          {
            path: '/admin/sites',
            element: (
              <RequirePermission permission="manageSites">
                <SitesPage />
              </RequirePermission>
            ),
          },
          {
            path: '/admin/accounts',
            element: (
              <RequirePermission permission="manageAccounts">
                <AccountsPage />
              </RequirePermission>
            ),
          },
          {
            path: '/admin/accounts/new',
            element: (
              <RequirePermission permission="manageAccounts">
                <AccountCreatePage />
              </RequirePermission>
            ),
          },
          {
            path: '/admin/accounts/:id',
            element: (
              <RequirePermission permission="manageAccounts">
                <AccountDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: '/admin/audit',
            element: (
              <RequirePermission permission="readAudit">
                <AuditPage />
              </RequirePermission>
            ),
          },
        ],
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);
