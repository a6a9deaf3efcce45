import { useEffect } from 'react';
import { useT } from '../i18n';

/** Names the browser tab after the screen, which is what screen readers announce first. */
export function usePageTitle(title: string): void {
  const { t } = useT();
  const appName = t('app.name');
  useEffect(() => {
    document.title = `${title} – ${appName}`;
  }, [title, appName]);
}
