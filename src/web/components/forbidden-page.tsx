import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';
import { Link } from 'react-router';
import { usePageTitle } from './page-title';

export function ForbiddenPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('forbidden.title'));
  return (
    <Stack>
      <Title order={1}>{t('forbidden.title')}</Title>
      <Text>{t('forbidden.body')}</Text>
      <Anchor component={Link} to="/">
        {t('common.backHome')}
      </Anchor>
    </Stack>
  );
}
