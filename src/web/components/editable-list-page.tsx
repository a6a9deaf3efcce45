import { Button, Group, Stack, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Fragment, type ReactElement, type ReactNode, useState } from 'react';
import { AppModal } from './app-modal';
import { LoadError } from './load-error';
import { PageLoader } from './page-loader';
import { usePageTitle } from './page-title';

type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T } | null;

type Props<T extends { id: string }> = {
  title: string;
  newLabel: string;
  editLabel: string;
  query: UseQueryResult<T[]>;
  renderTable: (items: T[], onEdit: (item: T) => void) => ReactNode;
  /** The form in the dialog: for a new item when `item` is undefined. */
  renderForm: (item: T | undefined, close: () => void) => ReactNode;
};

/** A titled list of items with a New button, where both creating and editing happen in a dialog. */
export function EditableListPage<T extends { id: string }>({
  title,
  newLabel,
  editLabel,
  query,
  renderTable,
  renderForm,
}: Props<T>): ReactElement {
  usePageTitle(title);
  const [editing, setEditing] = useState<Editing<T>>(null);
  const close = (): void => setEditing(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1}>{title}</Title>
        <Button onClick={() => setEditing({ mode: 'create' })}>{newLabel}</Button>
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        renderTable(query.data, (item) => setEditing({ mode: 'edit', item }))
      )}
      <AppModal
        opened={editing !== null}
        onClose={close}
        title={editing?.mode === 'edit' ? editLabel : newLabel}
      >
        {editing && (
          // A fresh form for each item, so no typing carries over from the last one.
          <Fragment key={editing.mode === 'edit' ? editing.item.id : 'new'}>
            {renderForm(editing.mode === 'edit' ? editing.item : undefined, close)}
          </Fragment>
        )}
      </AppModal>
    </Stack>
  );
}
