import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { sessionQueryKey, useSession } from '../../session';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';
import { TwoFactorDisableForm } from './two-factor-disable-form';
import { TwoFactorSetup } from './two-factor-setup';
import { badgeLooks } from '../../components/badge-looks';

export function AccountPage(): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  const queryClient = useQueryClient();
  usePageTitle(t('account.title'));
  const refreshSession = (): void => {
    void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
  };

  return (
    <Stack gap="xl" maw={720}>
      <div>
        <Title order={1}>{t('account.title')}</Title>
        <Text mt="xs">{t('account.signedInAs', { email: account.email })}</Text>
      </div>
      <PageSection id="account-profile" title={t('account.profile.heading')}>
        <ProfileForm account={account} />
      </PageSection>
      <Divider />
      <PageSection id="account-password" title={t('account.password.heading')}>
        <PasswordForm />
      </PageSection>
      <Divider />
      <PageSection id="account-two-factor" title={t('twoFactor.heading')}>
        <Group gap="xs">
          <Text>{t('twoFactor.status')}</Text>
          <Badge {...(account.twoFactorEnabled ? badgeLooks.teal : badgeLooks.gray)}>
            {account.twoFactorEnabled ? t('twoFactor.on') : t('twoFactor.off')}
          </Badge>
        </Group>
        <Text size="sm">{t('twoFactor.explanation')}</Text>
        {account.twoFactorEnabled ? (
          <TwoFactorDisableForm onDisabled={refreshSession} />
        ) : (
          <TwoFactorSetup onEnabled={refreshSession} />
        )}
      </PageSection>
    </Stack>
  );
}
