import type { ReactElement } from 'react';
import { useT } from '../i18n';
import { MessagePage } from './message-page';

export function ForbiddenPage(): ReactElement {
  const { t } = useT();
  return <MessagePage title={t('forbidden.title')} body={t('forbidden.body')} />;
}
