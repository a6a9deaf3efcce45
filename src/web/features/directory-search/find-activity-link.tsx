import { Button } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from '../../navigation';
import { useT } from '../../i18n';

/** From a case: the directory, ranked for the case's person (only the case id travels). */
export function FindActivityLink({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  return (
    <Button component={Link} to={`/directory?case=${caseId}`} variant="light">
      {t('directorySearch.findActivity')}
    </Button>
  );
}
