import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { Link } from 'react-router';
import type { Permissions, RoleGrant } from '../../../shared/contracts/auth';
import { usePageTitle } from '../../components/page-title';
import { useLabels } from '../../labels';
import { useSession } from '../../session';

type Shortcut = { to: string; title: string; description: string };

export function HomePage(): ReactElement {
  const { t } = useT();
  const { account, permissions } = useSession();
  usePageTitle(t('nav.home'));
  return (
    <Stack gap="xl" maw={960}>
      <Title order={1}>{t('home.welcome', { name: account.displayName })}</Title>
      <RolesSection grants={account.grants} />
      <ShortcutsSection permissions={permissions} />
    </Stack>
  );
}

function RolesSection({ grants }: { grants: RoleGrant[] }): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  return (
    <section aria-labelledby="home-roles">
      <Title order={2} id="home-roles" mb="sm">
        {t('home.rolesHeading')}
      </Title>
      {grants.length === 0 ? (
        <Text>{t('home.noRoles')}</Text>
      ) : (
        <List spacing="xs">
          {grants.map((grant) => (
            <List.Item key={grant.id}>
              <Text span fw={600}>
                {labels.role(grant.role)}
              </Text>
              {' – '}
              {grant.siteName ?? t('common.wholeProgramme')}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}

function ShortcutsSection({ permissions }: { permissions: Permissions }): ReactElement {
  const { t } = useT();
  const shortcuts: Shortcut[] = [
    { to: '/account', title: t('nav.account'), description: t('home.shortcuts.account') },
  ];
  if (permissions.manageOrganisations) {
    shortcuts.push({
      to: '/admin/organisations',
      title: t('nav.organisations'),
      description: t('home.shortcuts.organisations'),
    });
  }
  if (permissions.manageSites) {
    shortcuts.push({
      to: '/admin/sites',
      title: t('nav.sites'),
      description: t('home.shortcuts.sites'),
    });
  }
  if (permissions.manageAccounts) {
    shortcuts.push({
      to: '/admin/accounts',
      title: t('nav.accounts'),
      description: t('home.shortcuts.accounts'),
    });
  }
  if (permissions.readAudit) {
    shortcuts.push({
      to: '/admin/audit',
      title: t('nav.audit'),
      description: t('home.shortcuts.audit'),
    });
  }
  if (permissions.manageEmails) {
    shortcuts.push({
      to: '/admin/emails',
      title: t('nav.emails'),
      description: t('home.shortcuts.emails'),
    });
  }
  return (
    <section aria-labelledby="home-shortcuts">
      <Title order={2} id="home-shortcuts" mb="sm">
        {t('home.shortcutsHeading')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {shortcuts.map((shortcut) => (
          <Card key={shortcut.to} withBorder padding="md" radius="md">
            <Anchor component={Link} to={shortcut.to} fw={600} fz="lg">
              {shortcut.title}
            </Anchor>
            <Text size="sm" mt={4}>
              {shortcut.description}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  );
}
