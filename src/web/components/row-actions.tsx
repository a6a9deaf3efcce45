import { Button, Table, VisuallyHidden } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';

/** The header of a table's actions column: named for screen readers, blank on screen. */
export function ActionsColumnHeader(): ReactElement {
  const { t } = useT();
  return (
    <Table.Th scope="col">
      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
    </Table.Th>
  );
}

/** A row's Edit button, which names the row for screen readers. */
export function EditRowButton({
  name,
  onClick,
}: {
  name: string;
  onClick: () => void;
}): ReactElement {
  const { t } = useT();
  return (
    <Button
      size="compact-sm"
      variant="light"
      aria-label={t('common.editNamed', { name })}
      onClick={onClick}
    >
      {t('common.edit')}
    </Button>
  );
}
