import { NavLink, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useLocation } from '../navigation';
import { useT } from '../i18n';
import type { Permissions } from '../../shared/contracts/auth';
import { useSession } from '../session';
import { type NavItem, activeItem } from './active-nav-item';

/** The screens this person's permissions open, in the order the navigation shows them. */
export function useNavItems(): { general: NavItem[]; admin: NavItem[] } {
  const { t } = useT();
  const { permissions, twoFactorSetupRequired } = useSession();
  if (twoFactorSetupRequired) {
    return { general: [{ to: '/account/two-factor', label: t('nav.twoFactor') }], admin: [] };
  }
  const adminItems: { to: string; label: string; permission: keyof Permissions }[] = [
    {
      to: '/admin/organisations',
      label: t('nav.organisations'),
      permission: 'manageOrganisations',
    },
    { to: '/admin/sites', label: t('nav.sites'), permission: 'manageSites' },
    {
      to: '/admin/report-groupings',
      label: t('nav.reportGroupings'),
      permission: 'manageSites',
    },
    { to: '/admin/accounts', label: t('nav.accounts'), permission: 'manageAccounts' },
    { to: '/admin/audit', label: t('nav.audit'), permission: 'readAudit' },
    { to: '/admin/emails', label: t('nav.emails'), permission: 'manageEmails' },
    { to: '/admin/retention', label: t('nav.retention'), permission: 'readAudit' },
    {
      to: '/admin/directory/changes',
      label: t('listings.nav.changes'),
      permission: 'moderateListings',
    },
    {
      to: '/admin/directory/import',
      label: t('listings.nav.import'),
      permission: 'manageDirectory',
    },
    {
      to: '/admin/directory/categories',
      label: t('listings.nav.termCategories'),
      permission: 'manageDirectory',
    },
  ];
  return {
    general: [
      { to: '/', label: t('nav.home') },
      ...(permissions.makeReferrals
        ? [
            { to: '/referrals/new', label: t('referrals.nav.newReferral') },
            { to: '/referrals', label: t('referrals.nav.myReferrals') },
          ]
        : []),
      ...(permissions.workOnCases
        ? [
            { to: '/cases/triage', label: t('cases.nav.triage') },
            { to: '/cases', label: t('cases.nav.caseload') },
            { to: '/agenda', label: t('caseRecords.nav.agenda') },
          ]
        : []),
      ...(permissions.answerConnections
        ? [{ to: '/partner/connections', label: t('connections.partner.navLabel') }]
        : []),
      ...(permissions.editListings
        ? [{ to: '/partner/listings', label: t('listings.nav.myListings') }]
        : []),
      ...(permissions.searchDirectory ? [{ to: '/directory', label: t('nav.directory') }] : []),
      ...(permissions.readReports ? [{ to: '/reports', label: t('reports.nav') }] : []),
      { to: '/account', label: t('nav.account') },
    ],
    admin: adminItems
      .filter((item) => permissions[item.permission])
      .map(({ to, label }) => ({ to, label })),
  };
}

export function NavLinks(): ReactElement {
  const { t } = useT();
  const { pathname } = useLocation();
  const { general, admin } = useNavItems();
  const active = activeItem([...general, ...admin], pathname);
  const isActive = (to: string): boolean => to === active;
  const renderItem = (item: NavItem): ReactElement => (
    <NavLink
      key={item.to}
      component={Link}
      to={item.to}
      label={item.label}
      active={isActive(item.to)}
      aria-current={isActive(item.to) ? 'page' : undefined}
    />
  );
  return (
    <Stack gap={0}>
      {general.map(renderItem)}
      {admin.length > 0 && (
        <div role="group" aria-labelledby="nav-administration">
          <Text
            id="nav-administration"
            size="xs"
            fw={700}
            tt="uppercase"
            c="dimmed"
            px="sm"
            pt="md"
            pb={4}
          >
            {t('nav.administration')}
          </Text>
          {admin.map(renderItem)}
        </div>
      )}
    </Stack>
  );
}
