import { lazy, type ReactElement, type ReactNode, Suspense, useEffect, useState } from 'react';

export type AppModalProps = {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
};

const AppModalDialog = lazy(async () => ({
  default: (await import('./app-modal-dialog')).AppModalDialog,
}));

/**
 * A dialog over the page (app-modal-dialog.tsx). Mantine's Modal, its focus trap and scroll
 * lock are a tenth of a screen's code that no one needs before opening one: they are fetched
 * once the page is shown and the browser idle, or at the first opening if that comes sooner.
 */
export function AppModal(props: AppModalProps): ReactElement | null {
  const [needed, setNeeded] = useState(props.opened);
  if (props.opened && !needed) setNeeded(true);
  useEffect(() => {
    // Safari has no idle callback: a second's wait stands in for it.
    const whenIdle = window.requestIdleCallback as typeof window.requestIdleCallback | undefined;
    if (!whenIdle) {
      const timer = window.setTimeout(() => setNeeded(true), 1000);
      return () => window.clearTimeout(timer);
    }
    const idle = whenIdle(() => setNeeded(true));
    return () => window.cancelIdleCallback(idle);
  }, []);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <AppModalDialog {...props} />
    </Suspense>
  );
}
