import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import { useT } from '../../i18n';
import type { Account } from '../../../shared/contracts/accounts';
import { type Role, roles } from '../../../shared/roles';
import { LoadMoreList } from '../../components/load-more-list';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useLabels } from '../../labels';
import { useSites } from '../sites';
import { useAccountList } from './accounts-api';
import { badgeLooks } from '../../components/badge-looks';

export function AccountsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('accounts.title'));
  const labels = useLabels();
  const format = useFormat();
  const sites = useSites();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | ''>('');
  const [siteId, setSiteId] = useState('');
  const list = useAccountList({ search: debouncedSearch, role, siteId });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('accounts.title')}</Title>
        <Button component={Link} to="/admin/accounts/new">
          {t('accounts.new')}
        </Button>
      </Group>
      <Group align="flex-end" gap="sm" role="search" aria-label={t('accounts.filtersLabel')}>
        <TextInput
          label={t('accounts.search')}
          description={t('accounts.searchHelp')}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', sm: 280 }}
        />
        <NativeSelect
          label={t('accounts.role')}
          data={[
            { value: '', label: t('accounts.allRoles') },
            ...roles.map((value) => ({ value, label: labels.role(value) })),
          ]}
          value={role}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setRole(roles.find((candidate) => candidate === value) ?? '');
          }}
          w={{ base: '100%', sm: 200 }}
        />
        <NativeSelect
          label={t('accounts.site')}
          data={[
            { value: '', label: t('accounts.allSites') },
            ...(sites.data ?? []).map((site) => ({ value: site.id, label: site.name })),
          ]}
          value={siteId}
          onChange={(event) => setSiteId(event.currentTarget.value)}
          w={{ base: '100%', sm: 260 }}
        />
      </Group>
      <LoadMoreList
        query={list}
        empty={t('accounts.empty')}
        shown={(count) => t('accounts.shown', { count, number: format.number(count) })}
      >
        {(accounts) => <AccountTable accounts={accounts} />}
      </LoadMoreList>
    </Stack>
  );
}

function AccountTable({ accounts }: { accounts: Account[] }): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  return (
    <TableScroll label={t('accounts.title')}>
      <Table striped highlightOnHover miw={720}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('accounts.displayName')}</Table.Th>
            <Table.Th scope="col">{t('accounts.email')}</Table.Th>
            <Table.Th scope="col">{t('accounts.rolesHeading')}</Table.Th>
            <Table.Th scope="col">{t('accounts.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/accounts/${account.id}`} fw={500}>
                  {account.displayName}
                </Anchor>
              </Table.Td>
              <Table.Td>{account.email}</Table.Td>
              <Table.Td>
                {account.grants.length === 0
                  ? '—'
                  : account.grants.map((grant) => (
                      <Text key={grant.id} size="sm">
                        {labels.role(grant.role)}
                        {grant.siteName ? ` – ${grant.siteName}` : ''}
                      </Text>
                    ))}
              </Table.Td>
              <Table.Td>
                <AccountStatus account={account} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function AccountStatus({ account }: { account: Account }): ReactElement {
  const { t } = useT();
  if (!account.active) {
    return <Badge {...badgeLooks.gray}>{t('accounts.inactive')}</Badge>;
  }
  if (account.lockedUntil) {
    return <Badge {...badgeLooks.red}>{t('accounts.locked')}</Badge>;
  }
  return <Badge {...badgeLooks.blue}>{t('accounts.active')}</Badge>;
}
