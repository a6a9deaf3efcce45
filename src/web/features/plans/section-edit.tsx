import { Stack } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactElement, ReactNode } from 'react';
import { EditInPlace } from '../../components/edit-in-place';
import { FormAlert } from '../../components/form-alert';
import { StatusMessage } from '../../components/status-message';
import { useT } from '../../i18n';

/** What a section's form is given: its save's state and what to do on save and cancel. */
export type SectionFormProps<TBody> = {
  pending: boolean;
  error: Error | null;
  onSave: (body: TBody) => void;
  onCancel: () => void;
};

/**
 * A section of the case read first and edited in place through its save (useSectionSave): the
 * form closes once saved, and cancelling forgets the last error; "Saved" is said after.
 */
export function SectionEdit<TBody>({
  editLabel,
  canEdit,
  reading,
  save,
  alertFields,
  children,
}: {
  editLabel: string;
  canEdit: boolean;
  reading: ReactNode;
  save: UseMutationResult<unknown, Error, TBody>;
  /** The fields whose errors the alert above the form links to. */
  alertFields: string[];
  children: (form: SectionFormProps<TBody>) => ReactNode;
}): ReactElement {
  const { t } = useT();
  return (
    <>
      <EditInPlace
        editLabel={editLabel}
        canEdit={canEdit}
        reading={reading}
        onOpen={() => save.reset()}
      >
        {(close) => (
          <Stack gap="md">
            <FormAlert error={save.error} fields={alertFields} />
            {children({
              pending: save.isPending,
              error: save.error,
              onSave: (body) => save.mutate(body, { onSuccess: close }),
              onCancel: () => {
                save.reset();
                close();
              },
            })}
          </Stack>
        )}
      </EditInPlace>
      <StatusMessage message={save.isSuccess ? t('common.saved') : null} />
    </>
  );
}
