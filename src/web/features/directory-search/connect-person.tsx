import { Button } from '@mantine/core';
import { type ReactElement, Suspense, lazy, useState } from 'react';
import { useT } from '../../i18n';
import type { ConnectPersonProps } from './connect-person-dialog';

// The dialog's form comes with its first opening: the directory is mostly searched, not
// connected from.
const ConnectPersonDialog = lazy(async () => ({
  default: (await import('./connect-person-dialog')).ConnectPersonDialog,
}));

/** "Connect Marie": a button on a listing found from a case, and the dialog it opens. */
export function ConnectPerson(props: ConnectPersonProps): ReactElement {
  const { t } = useT();
  const [opened, setOpened] = useState(false);
  // Once opened, the dialog stays mounted: closed and opened again, it keeps what was typed.
  const [wanted, setWanted] = useState(false);
  return (
    <>
      <Button
        onClick={() => {
          setWanted(true);
          setOpened(true);
        }}
      >
        {t('listingDetail.connect', { name: props.personName })}
      </Button>
      {wanted && (
        <Suspense fallback={null}>
          <ConnectPersonDialog {...props} opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
