import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from '../navigation';
import { usePageTitle } from './page-title';
import { useT } from '../i18n';

/** A page that only explains why there is nothing here, with a way back home. */
export function MessagePage({ title, body }: { title: string; body: string }): ReactElement {
  const { t } = useT();
  usePageTitle(title);
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Text>{body}</Text>
      <Anchor component={Link} to="/">
        {t('common.backHome')}
      </Anchor>
    </Stack>
  );
}
