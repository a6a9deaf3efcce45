import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { Link } from 'react-router';
import { FullPageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { SignedInFrame } from '../../components/route-guards';
import { useSessionQuery } from '../../session';

/** Any address the app does not know, in whichever frame fits the visitor. */
export function NotFoundRoute(): ReactElement {
  const { data: session, isPending } = useSessionQuery();
  if (isPending) return <FullPageLoader />;
  if (session) {
    return (
      <SignedInFrame session={session}>
        <NotFoundPage />
      </SignedInFrame>
    );
  }
  return (
    <PublicLayout>
      <NotFoundPage />
    </PublicLayout>
  );
}

export function NotFoundPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('notFound.title'));
  return (
    <Stack>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.body')}</Text>
      <Anchor component={Link} to="/">
        {t('common.backHome')}
      </Anchor>
    </Stack>
  );
}
