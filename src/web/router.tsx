import { createBrowserRouter, matchRoutes, Outlet, type RouteObject } from 'react-router';
import { type ComponentType, lazy, type ReactElement, Suspense, useEffect } from 'react';
import { RequirePermission, SignedInRoute } from './components/route-guards';
import { RouteError } from './components/route-error';
import { FullPageLoader } from './components/page-loader';
import { switchLocale } from './i18n';
import { useSessionQuery } from './session';
import type { Permissions } from '../shared/contracts/auth';

/** Follows the language saved on the account whenever a session brings one. */
function Root(): ReactElement {
  const { data: session } = useSessionQuery();
  const savedLocale = session?.account.locale;
  useEffect(() => {
    if (savedLocale) void switchLocale(savedLocale);
  }, [savedLocale]);
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Outlet />
    </Suspense>
  );
}

type Screen = { element: ReactElement; preload: () => Promise<unknown> };

/**
 * A screen whose code is fetched the first time its route is visited: on a slow link the
 * first load carries only the shell and the screen opened, not administration or reports.
 */
function page<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): Screen {
  const Page = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
  return { element: <Page />, preload: load };
}

/** What to fetch as soon as the app starts, by route: the screen the address opens. */
const preloads = new Map<RouteObject, () => Promise<unknown>>();

function route(path: string | undefined, screen: Screen): RouteObject {
  const made: RouteObject = path === undefined ? { index: true } : { path };
  made.element = screen.element;
  preloads.set(made, screen.preload);
  return made;
}

/** A route whose page only people holding the permission may see. */
function permittedRoute(path: string, permission: keyof Permissions, screen: Screen): RouteObject {
  return route(path, {
    element: <RequirePermission permission={permission}>{screen.element}</RequirePermission>,
    preload: screen.preload,
  });
}

const routes: RouteObject[] = [
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      route(
        '/sign-in',
        page(() => import('./features/sign-in/sign-in-page'), 'SignInRoute'),
      ),
      route(
        '/forgot-password',
        page(() => import('./features/sign-in/forgot-password-page'), 'ForgotPasswordRoute'),
      ),
      route(
        '/reset-password',
        page(() => import('./features/sign-in/reset-password-page'), 'ResetPasswordRoute'),
      ),
      route(
        '/refer-yourself',
        page(() => import('./features/referrals/self-referral-page'), 'SelfReferralRoute'),
      ),
      route(
        '/respond/:token',
        page(() => import('./features/connections/respond-page'), 'RespondRoute'),
      ),
      route(
        '/questionnaire/:token',
        page(() => import('./features/outcomes/questionnaire-page'), 'QuestionnaireRoute'),
      ),
      {
        element: <SignedInRoute />,
        children: [
          route(
            undefined,
            page(() => import('./features/home/home-page'), 'HomePage'),
          ),
          route(
            '/account',
            page(() => import('./features/account/account-page'), 'AccountPage'),
          ),
          route(
            '/notifications',
            page(() => import('./features/notifications/notifications-page'), 'NotificationsPage'),
          ),
          route(
            '/account/two-factor',
            page(
              () => import('./features/account/two-factor-required-page'),
              'TwoFactorRequiredPage',
            ),
          ),
          route(
            '/directory',
            page(
              () => import('./features/directory-search/directory-search-page'),
              'DirectorySearchPage',
            ),
          ),
          route(
            '/directory/services/:serviceId',
            page(
              () => import('./features/directory-search/listing-detail-page'),
              'ListingDetailPage',
            ),
          ),
          permittedRoute(
            '/cases/triage',
            'workOnCases',
            page(() => import('./features/cases/triage-page'), 'TriagePage'),
          ),
          permittedRoute(
            '/cases/agency-referral',
            'workOnCases',
            page(() => import('./features/referrals/referral-new-page'), 'AgencyReferralPage'),
          ),
          permittedRoute(
            '/cases',
            'workOnCases',
            page(() => import('./features/cases/caseload-page'), 'CaseloadPage'),
          ),
          permittedRoute(
            '/cases/:id/:section?',
            'workOnCases',
            page(() => import('./features/cases/case-page'), 'CasePage'),
          ),
          permittedRoute(
            '/agenda',
            'workOnCases',
            page(() => import('./features/case-records/agenda-page'), 'AgendaPage'),
          ),
          permittedRoute(
            '/referrals',
            'makeReferrals',
            page(() => import('./features/referrals/referrals-page'), 'ReferralsPage'),
          ),
          permittedRoute(
            '/referrals/new',
            'makeReferrals',
            page(() => import('./features/referrals/referral-new-page'), 'ReferralNewPage'),
          ),
          permittedRoute(
            '/referrals/:id',
            'makeReferrals',
            page(() => import('./features/referrals/referral-page'), 'ReferralPage'),
          ),
          permittedRoute(
            '/cases/:caseId/plan/print',
            'workOnCases',
            page(() => import('./features/plans/plan-print-page'), 'PlanPrintPage'),
          ),
          permittedRoute(
            '/partner/connections',
            'answerConnections',
            page(() => import('./features/connections/partner-inbox-page'), 'PartnerInboxPage'),
          ),
          permittedRoute(
            '/partner/connections/:id',
            'answerConnections',
            page(
              () => import('./features/connections/partner-connection-page'),
              'PartnerConnectionPage',
            ),
          ),
          permittedRoute(
            '/reports',
            'readReports',
            page(() => import('./features/reports/reports-page'), 'ReportsPage'),
          ),
          permittedRoute(
            '/admin/organisations',
            'manageOrganisations',
            page(() => import('./features/organisations/organisations-page'), 'OrganisationsPage'),
          ),
          permittedRoute(
            '/admin/sites',
            'manageSites',
            page(() => import('./features/sites/sites-page'), 'SitesPage'),
          ),
          permittedRoute(
            '/admin/report-groupings',
            'manageSites',
            page(() => import('./features/reports/report-groupings-page'), 'ReportGroupingsPage'),
          ),
          permittedRoute(
            '/admin/accounts',
            'manageAccounts',
            page(() => import('./features/accounts/accounts-page'), 'AccountsPage'),
          ),
          permittedRoute(
            '/admin/accounts/new',
            'manageAccounts',
            page(() => import('./features/accounts/account-create-page'), 'AccountCreatePage'),
          ),
          permittedRoute(
            '/admin/accounts/:id',
            'manageAccounts',
            page(() => import('./features/accounts/account-detail-page'), 'AccountDetailPage'),
          ),
          permittedRoute(
            '/admin/audit',
            'readAudit',
            page(() => import('./features/audit/audit-page'), 'AuditPage'),
          ),
          permittedRoute(
            '/admin/emails',
            'manageEmails',
            page(() => import('./features/emails/emails-page'), 'FailedEmailsPage'),
          ),
          permittedRoute(
            '/partner/listings',
            'editListings',
            page(() => import('./features/listings/my-listings-page'), 'MyListingsPage'),
          ),
          permittedRoute(
            '/admin/directory/changes',
            'moderateListings',
            page(() => import('./features/listings/change-requests-page'), 'ChangeRequestsPage'),
          ),
          permittedRoute(
            '/admin/directory/import',
            'manageDirectory',
            page(() => import('./features/listings/import-page'), 'DirectoryImportPage'),
          ),
        ],
      },
      route(
        '*',
        page(() => import('./features/not-found/not-found-page'), 'NotFoundRoute'),
      ),
    ],
  },
];

// The opened screen's code downloads beside the session check instead of after it.
for (const match of matchRoutes(routes, window.location) ?? []) void preloads.get(match.route)?.();

export const router = createBrowserRouter(routes);
