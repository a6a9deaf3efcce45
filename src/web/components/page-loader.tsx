import { Center, Loader, VisuallyHidden } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';

export function PageLoader(): ReactElement {
  const { t } = useT();
  return (
    <Center py="xl" role="status">
      <Loader aria-hidden="true" />
      <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
    </Center>
  );
}

/** Before any layout exists (the session is still loading), the loader still sits in a landmark. */
export function FullPageLoader(): ReactElement {
  return (
    <main>
      <PageLoader />
    </main>
  );
}
