import { Button, Group, NativeSelect } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { Assignee } from '../../../shared/contracts/cases';
import { useT } from '../../i18n';

type Props = {
  reference: string;
  siteId: string;
  assignees: readonly Assignee[];
  currentAccountId?: string | null;
  pending: boolean;
  onAssign: (accountId: string) => void;
};

/** The site manager's choice of link worker for one case. */
export function AssignControl({
  reference,
  siteId,
  assignees,
  currentAccountId,
  pending,
  onAssign,
}: Props): ReactElement {
  const { t } = useT();
  const [accountId, setAccountId] = useState('');
  const options = [
    { value: '', label: t('cases.assign.choose') },
    ...assignees
      .filter((a) => a.siteId === siteId && a.accountId !== currentAccountId)
      .map((a) => ({ value: a.accountId, label: a.displayName })),
  ];
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (accountId) onAssign(accountId);
  };
  return (
    <form onSubmit={submit}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('cases.assign.label')}
          aria-label={t('cases.assign.labelFor', { reference })}
          data={options}
          value={accountId}
          onChange={(event) => setAccountId(event.currentTarget.value)}
          size="xs"
        />
        <Button
          type="submit"
          size="xs"
          variant="light"
          loading={pending}
          disabled={!accountId}
          aria-label={t('cases.assign.submitFor', { reference })}
        >
          {t('cases.assign.submit')}
        </Button>
      </Group>
    </form>
  );
}
