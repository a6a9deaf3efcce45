import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { FullPageLoader } from '../../components/page-loader';
import { MessagePage } from '../../components/message-page';
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
  return <MessagePage title={t('notFound.title')} body={t('notFound.body')} />;
}
