import { Button } from '@mantine/core';
import { type ReactElement, Suspense, lazy, useState } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { loadPart, useT } from '../../i18n';

/*
 * The dialog's form (its checkboxes, the consent questions and their words) comes with the
 * first opening: only a closed case offers it, and few are re-referred.
 */
const ReReferDialog = lazy(async () => ({
  default: (await loadPart('features/cases/re-refer-dialog', () => import('./re-refer-dialog'))())
    .ReReferDialog,
}));

/** Opens a new episode for the person of a closed case; the closed one stays as it was. */
export function ReReferButton({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const [opened, setOpened] = useState(false);
  // Once opened, the dialog stays mounted: closed and opened again, it keeps what was typed.
  const [wanted, setWanted] = useState(false);
  const open = (): void => {
    setWanted(true);
    setOpened(true);
  };
  return (
    <>
      <Button variant="default" onClick={open} w="fit-content">
        {t('cases.reRefer.open')}
      </Button>
      {wanted && (
        <Suspense fallback={null}>
          <ReReferDialog detail={detail} opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
