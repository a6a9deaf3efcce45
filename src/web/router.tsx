import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import { type ReactElement, useEffect } from 'react';
import { RequirePermission, SignedInRoute } from './components/route-guards';
import { RouteError } from './components/route-error';
import { AccountPage, TwoFactorRequiredPage } from './features/account';
import { AccountCreatePage, AccountDetailPage, AccountsPage } from './features/accounts';
import { AuditPage } from './features/audit';
import { FailedEmailsPage } from './features/emails';
import { AgendaPage } from './features/case-records';
import { CasePage, CaseloadPage, TriagePage } from './features/cases';
import { PartnerConnectionPage, PartnerInboxPage, RespondRoute } from './features/connections';
import { DirectorySearchPage, ListingDetailPage } from './features/directory-search';
import { HomePage } from './features/home';
import { ChangeRequestsPage, DirectoryImportPage, MyListingsPage } from './features/listings';
import { NotFoundRoute } from './features/not-found';
import { NotificationsPage } from './features/notifications';
import { OrganisationsPage } from './features/organisations';
import { QuestionnaireRoute } from './features/outcomes';
import {
  AgencyReferralPage,
  ReferralNewPage,
  ReferralPage,
  ReferralsPage,
  SelfReferralRoute,
} from './features/referrals';
import { PlanPrintPage } from './features/plans';
import { ReportGroupingsPage, ReportsPage } from './features/reports';
import { ForgotPasswordRoute, ResetPasswordRoute, SignInRoute } from './features/sign-in';
import { SitesPage } from './features/sites';
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
  return <Outlet />;
}

/** A route whose page only people holding the permission may see. */
function permittedRoute(
  path: string,
  permission: keyof Permissions,
  page: ReactElement,
): RouteObject {
  return { path, element: <RequirePermission permission={permission}>{page}</RequirePermission> };
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInRoute /> },
      { path: '/forgot-password', element: <ForgotPasswordRoute /> },
      { path: '/reset-password', element: <ResetPasswordRoute /> },
      { path: '/refer-yourself', element: <SelfReferralRoute /> },
      { path: '/respond/:token', element: <RespondRoute /> },
      { path: '/questionnaire/:token', element: <QuestionnaireRoute /> },
      {
        element: <SignedInRoute />,
        children: [
          { index: true, element: <HomePage /> },
          { path: '/account', element: <AccountPage /> },
          { path: '/notifications', element: <NotificationsPage /> },
          { path: '/account/two-factor', element: <TwoFactorRequiredPage /> },
          { path: '/directory', element: <DirectorySearchPage /> },
          { path: '/directory/services/:serviceId', element: <ListingDetailPage /> },
          permittedRoute('/cases/triage', 'workOnCases', <TriagePage />),
          permittedRoute('/cases/agency-referral', 'workOnCases', <AgencyReferralPage />),
          permittedRoute('/cases', 'workOnCases', <CaseloadPage />),
          permittedRoute('/cases/:id/:section?', 'workOnCases', <CasePage />),
          permittedRoute('/agenda', 'workOnCases', <AgendaPage />),
          permittedRoute('/referrals', 'makeReferrals', <ReferralsPage />),
          permittedRoute('/referrals/new', 'makeReferrals', <ReferralNewPage />),
          permittedRoute('/referrals/:id', 'makeReferrals', <ReferralPage />),
          permittedRoute('/cases/:caseId/plan/print', 'workOnCases', <PlanPrintPage />),
          permittedRoute('/partner/connections', 'answerConnections', <PartnerInboxPage />),
          permittedRoute(
            '/partner/connections/:id',
            'answerConnections',
            <PartnerConnectionPage />,
          ),
          permittedRoute('/reports', 'readReports', <ReportsPage />),
          permittedRoute('/admin/organisations', 'manageOrganisations', <OrganisationsPage />),
          permittedRoute('/admin/sites', 'manageSites', <SitesPage />),
          permittedRoute('/admin/report-groupings', 'manageSites', <ReportGroupingsPage />),
          permittedRoute('/admin/accounts', 'manageAccounts', <AccountsPage />),
          permittedRoute('/admin/accounts/new', 'manageAccounts', <AccountCreatePage />),
          permittedRoute('/admin/accounts/:id', 'manageAccounts', <AccountDetailPage />),
          permittedRoute('/admin/audit', 'readAudit', <AuditPage />),
          permittedRoute('/admin/emails', 'manageEmails', <FailedEmailsPage />),
          permittedRoute('/partner/listings', 'editListings', <MyListingsPage />),
          permittedRoute('/admin/directory/changes', 'moderateListings', <ChangeRequestsPage />),
          permittedRoute('/admin/directory/import', 'manageDirectory', <DirectoryImportPage />),
        ],
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);
