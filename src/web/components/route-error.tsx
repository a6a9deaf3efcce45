import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';
import { useRouteError } from 'react-router';

/** A screen crashed: say so plainly rather than leave a blank page. */
export function RouteError(): ReactElement {
  const { t } = useT();
  const error = useRouteError();
  console.error(error);
  return (
    <main>
      <Stack p="xl" maw={640}>
        <Title order={1}>{t('routeError.title')}</Title>
        <Text>{t('routeError.body')}</Text>
        <Anchor href="/">{t('common.backHome')}</Anchor>
      </Stack>
    </main>
  );
}
