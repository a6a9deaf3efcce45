import {
  caseApiPath,
  caseDocumentsApiPath,
  casePersonRequestsApiPath,
  caseRecordActionsApiPath,
} from './case-api-paths';
import { caseloadApiPath, caseloadViewFrom } from './caseload';
import type { Permissions } from './contracts/auth';
import type { WebNamespace } from './web-strings';

/**
 * Who may open a screen: anyone, anyone signed in, or people holding a permission (the server
 * checks again on every request anyway).
 */
export type ScreenAccess = 'public' | 'signedIn' | keyof Permissions;

/** The address a screen was opened at: its path's parameters and its query. */
export type ScreenAddress = { params: Record<string, string | undefined>; search: URLSearchParams };

/**
 * A screen of the web app: its address (the syntax of route-paths.ts), its page module under src/web
 * (without extension), the component that module exports, the namespaces of web.json it shows
 * beyond the frame's (the build checks it, shared/web-strings.ts), and the API addresses it
 * reads first (each built by the function the screen itself uses, so that the two match).
 */
export type Screen = {
  path: string;
  page: string;
  component: string;
  access: ScreenAccess;
  strings: readonly WebNamespace[];
  /** Pieces fetched after the screen shows (its tabs), each waiting for namespaces of its own. */
  parts?: readonly ScreenPart[];
  data?: (address: ScreenAddress) => string[];
};

/** A module under src/web (without extension) a screen loads later, and the namespaces it adds. */
export type ScreenPart = { module: string; strings: readonly WebNamespace[] };

/** The frame's notification bell, on every signed-in screen. */
export const unreadCountApiPath = '/api/notifications?limit=1';

/**
 * Every screen, by address. The web app's router is built from this list, and the server reads
 * it to have the browser fetch the opened screen's code beside the app's own (web-app-page.ts).
 */
export const screens: readonly Screen[] = [
  {
    path: '/sign-in',
    page: 'features/sign-in/sign-in-page',
    component: 'SignInRoute',
    access: 'public',
    strings: ['signIn'],
  },
  {
    path: '/forgot-password',
    page: 'features/sign-in/forgot-password-page',
    component: 'ForgotPasswordRoute',
    access: 'public',
    strings: ['passwordReset'],
  },
  {
    path: '/reset-password',
    page: 'features/sign-in/reset-password-page',
    component: 'ResetPasswordRoute',
    access: 'public',
    strings: ['account', 'passwordReset'],
  },
  {
    path: '/refer-yourself',
    page: 'features/referrals/self-referral-page',
    component: 'SelfReferralRoute',
    access: 'public',
    strings: ['referrals'],
  },
  {
    path: '/respond/:token',
    page: 'features/connections/respond-page',
    component: 'RespondRoute',
    access: 'public',
    strings: ['connections'],
  },
  {
    path: '/questionnaire/:token',
    page: 'features/outcomes/questionnaire-page',
    component: 'QuestionnaireRoute',
    access: 'public',
    strings: ['outcomes'],
  },
  {
    path: '/',
    page: 'features/home/home-page',
    component: 'HomePage',
    access: 'signedIn',
    strings: ['home'],
  },
  {
    path: '/account',
    page: 'features/account/account-page',
    component: 'AccountPage',
    access: 'signedIn',
    strings: ['account', 'twoFactor'],
  },
  {
    path: '/notifications',
    page: 'features/notifications/notifications-page',
    component: 'NotificationsPage',
    access: 'signedIn',
    strings: ['connections', 'personRequests'],
  },
  {
    path: '/account/two-factor',
    page: 'features/account/two-factor-required-page',
    component: 'TwoFactorRequiredPage',
    access: 'signedIn',
    strings: ['twoFactor'],
  },
  {
    path: '/directory',
    page: 'features/directory-search/directory-search-page',
    component: 'DirectorySearchPage',
    access: 'signedIn',
    strings: ['directorySearch', 'listingDetail', 'listings'],
  },
  {
    path: '/directory/services/:serviceId',
    page: 'features/directory-search/listing-detail-page',
    component: 'ListingDetailPage',
    access: 'signedIn',
    strings: ['directorySearch', 'listingDetail', 'listings'],
  },
  {
    path: '/cases/triage',
    page: 'features/cases/triage-page',
    component: 'TriagePage',
    access: 'workOnCases',
    strings: ['agencyReferral', 'cases'],
  },
  {
    path: '/cases/agency-referral',
    page: 'features/referrals/referral-new-page',
    component: 'AgencyReferralPage',
    access: 'workOnCases',
    strings: ['agencyReferral', 'referrals', 'consentGivers'],
  },
  {
    path: '/cases',
    page: 'features/cases/caseload-page',
    component: 'CaseloadPage',
    access: 'workOnCases',
    strings: ['cases'],
    data: ({ search }) => [caseloadApiPath(caseloadViewFrom(search))],
  },
  {
    path: '/cases/:id/:section?',
    page: 'features/cases/case-page',
    component: 'CasePage',
    access: 'workOnCases',
    strings: ['cases', 'documents', 'personRecord', 'consentGivers'],
    // Each tab but the overview is fetched when opened, with the words only it shows; and
    // so are the list of the person's requests, on the overview of the few cases with any,
    // and the re-referral's form, at its first opening.
    parts: [
      { module: 'features/cases/person-request-list', strings: ['personRequests'] },
      { module: 'features/cases/re-refer-dialog', strings: ['referrals', 'consentGivers'] },
      { module: 'features/cases/case-tab-contacts', strings: ['caseRecords', 'timeZones'] },
      { module: 'features/cases/case-tab-what-matters', strings: ['plans'] },
      { module: 'features/cases/case-tab-plan', strings: ['plans'] },
      {
        module: 'features/cases/case-tab-connections',
        strings: ['connections', 'directorySearch', 'listings'],
      },
      { module: 'features/cases/case-tab-outcomes', strings: ['outcomes'] },
      { module: 'features/cases/history-section', strings: [] },
    ],
    // The overview (no section) shows the case's documents, the person's requests and the
    // record's actions too: read with the case, not a round trip after it.
    data: ({ params: { id = '', section = 'overview' } }) =>
      section === 'overview'
        ? [
            caseApiPath(id),
            caseDocumentsApiPath(id),
            casePersonRequestsApiPath(id),
            caseRecordActionsApiPath(id),
          ]
        : [caseApiPath(id)],
  },
  {
    path: '/agenda',
    page: 'features/case-records/agenda-page',
    component: 'AgendaPage',
    access: 'workOnCases',
    strings: ['caseRecords', 'timeZones'],
  },
  {
    path: '/referrals',
    page: 'features/referrals/referrals-page',
    component: 'ReferralsPage',
    access: 'makeReferrals',
    strings: ['referrals'],
  },
  {
    path: '/referrals/new',
    page: 'features/referrals/referral-new-page',
    component: 'ReferralNewPage',
    access: 'makeReferrals',
    strings: ['agencyReferral', 'referrals', 'consentGivers'],
  },
  {
    path: '/referrals/:id',
    page: 'features/referrals/referral-page',
    component: 'ReferralPage',
    access: 'makeReferrals',
    strings: ['referrals'],
  },
  {
    path: '/cases/:caseId/plan/print',
    page: 'features/plans/plan-print-page',
    component: 'PlanPrintPage',
    access: 'workOnCases',
    strings: ['plans'],
  },
  {
    path: '/partner/connections',
    page: 'features/connections/partner-inbox-page',
    component: 'PartnerInboxPage',
    access: 'answerConnections',
    strings: ['connections'],
  },
  {
    path: '/partner/connections/:id',
    page: 'features/connections/partner-connection-page',
    component: 'PartnerConnectionPage',
    access: 'answerConnections',
    strings: ['connections'],
  },
  {
    path: '/reports',
    page: 'features/reports/reports-page',
    component: 'ReportsPage',
    access: 'readReports',
    strings: ['connections', 'outcomes', 'plans', 'reports'],
  },
  {
    path: '/reports/programme',
    page: 'features/reports/programme-report-page',
    component: 'ProgrammeReportPage',
    access: 'readReports',
    strings: ['connections', 'outcomes', 'plans', 'reports'],
  },
  {
    path: '/reports/gap-map',
    page: 'features/reports/gap-map-page',
    component: 'GapMapPage',
    access: 'readReports',
    strings: ['connections', 'plans', 'reports'],
  },
  {
    path: '/admin/organisations',
    page: 'features/organisations/organisations-page',
    component: 'OrganisationsPage',
    access: 'manageOrganisations',
    strings: ['organisations'],
  },
  {
    path: '/admin/sites',
    page: 'features/sites/sites-page',
    component: 'SitesPage',
    access: 'manageSites',
    strings: ['cases', 'outcomes', 'sites', 'timeZones'],
  },
  {
    path: '/admin/report-groupings',
    page: 'features/reports/report-groupings-page',
    component: 'ReportGroupingsPage',
    access: 'manageSites',
    strings: ['reportGroupings'],
  },
  {
    path: '/admin/accounts',
    page: 'features/accounts/accounts-page',
    component: 'AccountsPage',
    access: 'manageAccounts',
    strings: ['accounts'],
  },
  {
    path: '/admin/accounts/new',
    page: 'features/accounts/account-create-page',
    component: 'AccountCreatePage',
    access: 'manageAccounts',
    strings: ['account', 'accounts'],
  },
  {
    path: '/admin/accounts/:id',
    page: 'features/accounts/account-detail-page',
    component: 'AccountDetailPage',
    access: 'manageAccounts',
    strings: ['account', 'accounts'],
  },
  {
    path: '/admin/audit',
    page: 'features/audit/audit-page',
    component: 'AuditPage',
    access: 'readAudit',
    strings: ['audit'],
  },
  {
    path: '/admin/emails',
    page: 'features/emails/emails-page',
    component: 'FailedEmailsPage',
    access: 'manageEmails',
    strings: ['emails'],
  },
  {
    // Administrators' (who read the audit trail): the retention period and its dry run.
    path: '/admin/retention',
    page: 'features/person-record/retention-page',
    component: 'RetentionPage',
    access: 'readAudit',
    strings: ['retention'],
  },
  {
    path: '/partner/listings',
    page: 'features/listings/my-listings-page',
    component: 'MyListingsPage',
    access: 'editListings',
    strings: ['directorySearch', 'listings'],
  },
  {
    path: '/admin/directory/changes',
    page: 'features/listings/change-requests-page',
    component: 'ChangeRequestsPage',
    access: 'moderateListings',
    strings: ['directorySearch', 'listings'],
  },
  {
    path: '/admin/directory/import',
    page: 'features/listings/import-page',
    component: 'DirectoryImportPage',
    access: 'manageDirectory',
    strings: ['listings'],
  },
  {
    path: '/admin/directory/categories',
    page: 'features/listings/term-categories-page',
    component: 'TermCategoriesPage',
    access: 'manageDirectory',
    strings: ['listings'],
  },
  {
    path: '*',
    page: 'features/not-found/not-found-page',
    component: 'NotFoundRoute',
    access: 'public',
    strings: ['notFound'],
  },
];

/** The namespaces a screen's later piece waits for (the build checks they are enough). */
export function partStrings(module: string): readonly WebNamespace[] {
  for (const screen of screens) {
    const part = screen.parts?.find((candidate) => candidate.module === module);
    if (part) return part.strings;
  }
  throw new Error(`No screen lists ${module} among its parts`);
}

/** Every namespace a screen or one of its pieces waits for: the build makes a part of each. */
export function screenNamespaces(screen: Screen): WebNamespace[] {
  return [...screen.strings, ...(screen.parts ?? []).flatMap((part) => part.strings)];
}
