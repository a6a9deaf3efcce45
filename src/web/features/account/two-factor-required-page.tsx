import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { Link, useNavigate } from '../../navigation';
import { useT } from '../../i18n';
import { usePageTitle } from '../../components/page-title';
import { sessionQueryKey, useSession } from '../../session';
import { TwoFactorSetup } from './two-factor-setup';

/** Where a site that requires two-factor sign-in sends people until they have set it up. */
export function TwoFactorRequiredPage(): ReactElement {
  const { t } = useT();
  const { account, twoFactorSetupRequired } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  usePageTitle(t('twoFactor.requiredTitle'));

  const finish = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    navigate('/', { replace: true });
  };

  return (
    <Stack gap="lg" maw={720}>
      <Title order={1}>{t('twoFactor.requiredTitle')}</Title>
      {twoFactorSetupRequired && (
        <Alert color="blue" role="note" title={t('twoFactor.requiredWhy')}>
          {t('twoFactor.requiredBody')}
        </Alert>
      )}
      {account.twoFactorEnabled ? (
        <Text>
          {t('twoFactor.alreadyOn')}{' '}
          <Anchor component={Link} to="/account">
            {t('nav.account')}
          </Anchor>
        </Text>
      ) : (
        <TwoFactorSetup onEnabled={() => void finish()} />
      )}
    </Stack>
  );
}
