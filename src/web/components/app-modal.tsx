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

/** On a slow link the screen's own code and data are still coming in for a few seconds. */
const afterTheScreen = 3000;

/**
 * A dialog over the page (app-modal-dialog.tsx). Mantine's Modal, its focus trap and scroll
 * lock are a tenth of a screen's code that no one needs before opening one: they are fetched
 * a few seconds after the page shows, once the browser is idle (not to compete with what the
 * screen still needs), or at the first opening if that comes sooner.
 */
export function AppModal(props: AppModalProps): ReactElement | null {
  const [needed, setNeeded] = useState(props.opened);
  if (props.opened && !needed) setNeeded(true);
  useEffect(() => {
    // Safari has no idle callback: the wait alone stands in for it.
    const whenIdle = window.requestIdleCallback as typeof window.requestIdleCallback | undefined;
    let idle: number | undefined;
    const timer = window.setTimeout(() => {
      if (whenIdle) idle = whenIdle(() => setNeeded(true));
      else setNeeded(true);
    }, afterTheScreen);
    return () => {
      window.clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, []);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <AppModalDialog {...props} />
    </Suspense>
  );
}
