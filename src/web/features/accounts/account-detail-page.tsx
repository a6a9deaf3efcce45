import { Alert, Anchor, Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useLocation, useParams } from '../../navigation';
import { useT } from '../../i18n';
import type { Account } from '../../../shared/contracts/accounts';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { useFormat } from '../../format';
import { useAccount } from './accounts-api';
import { AccountDetailsForm } from './account-details-form';
import { AccountGrants } from './account-grants';
import { AccountPasswordForm } from './account-password-form';
import { badgeLooks } from '../../components/badge-looks';

export function AccountDetailPage(): ReactElement {
  const { t } = useT();
  const { id = '' } = useParams();
  const account = useAccount(id);
  usePageTitle(account.data?.displayName ?? t('accounts.title'));

  return (
    <Stack gap="lg" maw={760}>
      <Anchor component={Link} to="/admin/accounts" size="sm">
        {t('accounts.backToList')}
      </Anchor>
      {account.isPending ? (
        <PageLoader />
      ) : account.isError ? (
        <>
          <Title order={1}>{t('accounts.title')}</Title>
          <LoadError error={account.error} onRetry={() => void account.refetch()} />
        </>
      ) : (
        <AccountDetail account={account.data} />
      )}
    </Stack>
  );
}

function AccountDetail({ account }: { account: Account }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const location = useLocation();
  const justCreated =
    typeof location.state === 'object' &&
    location.state !== null &&
    'created' in location.state &&
    location.state.created === true;

  return (
    <>
      <div>
        <Title order={1}>{account.displayName}</Title>
        <Text mt={4}>{account.email}</Text>
        <Group gap="xs" mt="xs">
          <Badge {...(account.active ? badgeLooks.blue : badgeLooks.gray)}>
            {account.active ? t('accounts.active') : t('accounts.inactive')}
          </Badge>
          <Badge {...badgeLooks.gray}>
            {account.twoFactorEnabled ? t('accounts.twoFactorOn') : t('accounts.twoFactorOff')}
          </Badge>
        </Group>
      </div>
      {justCreated && (
        <Alert color="teal" role="status" title={t('accounts.created')}>
          {t('accounts.createdBody')}
        </Alert>
      )}
      {account.lockedUntil && (
        <Alert color="red" role="note" title={t('accounts.locked')}>
          {t('accounts.lockedUntil', { when: format.dateTime(account.lockedUntil) })}
        </Alert>
      )}
      <PageSection id="account-details" title={t('accounts.detailsHeading')}>
        <AccountDetailsForm account={account} />
      </PageSection>
      <Divider />
      <PageSection id="account-roles" title={t('accounts.rolesHeading')}>
        <AccountGrants account={account} />
      </PageSection>
      <Divider />
      <PageSection id="account-password" title={t('accounts.passwordHeading')}>
        <AccountPasswordForm account={account} />
      </PageSection>
      <Text size="sm" c="dimmed">
        {t('accounts.createdAt', { when: format.dateTime(account.createdAt) })} ·{' '}
        {t('accounts.updatedAt', { when: format.dateTime(account.updatedAt) })}
      </Text>
    </>
  );
}
