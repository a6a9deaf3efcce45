import type { ReactElement } from 'react';
import { useT } from '../i18n';
import classes from './skip-link.module.css';

export const mainContentId = 'main-content';

export function SkipLink(): ReactElement {
  const { t } = useT();
  return (
    <a className={classes.skipLink} href={`#${mainContentId}`}>
      {t('app.skipToContent')}
    </a>
  );
}
