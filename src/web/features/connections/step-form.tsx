import { Button, Group, Radio, Stack, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, type ReactNode, useId, useState } from 'react';
import type { ConnectionStatus } from '../../../shared/pathway';
import { FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import {
  StepFields,
  type StepValues,
  emptyStepValues,
  stepBody,
  stepFieldNames,
} from './step-fields';

export type StepSubmission = {
  to: ConnectionStatus;
  reason?: string;
  firstAttendedOn?: string;
  startsOn?: string;
  partnerMessage?: string;
  note?: string;
};

/** The next steps a connection offers this person (from the server's permissions), as one form. */
export function StepForm({
  activity,
  options,
  withNote,
  pending,
  error,
  onSubmit,
  legend,
  labelOf,
  submitLabel,
  children,
}: {
  activity: string;
  options: readonly ConnectionStatus[];
  withNote: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (step: StepSubmission) => void;
  /** Instead of "Next step for…": another voice, such as a partner's answer by phone. */
  legend?: string;
  labelOf?: (status: ConnectionStatus) => string;
  submitLabel?: string;
  /** Beside the submit button (a cancel button). */
  children?: ReactNode;
}): ReactElement {
  const { t } = useT();
  const noteId = useId();
  const [to, setTo] = useState<ConnectionStatus | ''>(
    options.length === 1 ? (options[0] ?? '') : '',
  );
  const [values, setValues] = useState<StepValues>(emptyStepValues);
  const [note, setNote] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!to) return;
    onSubmit({ to, ...stepBody(to, values), ...(withNote && note.trim() ? { note } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert error={error} fields={stepFieldNames} />
        <Radio.Group
          label={legend ?? t('connections.move.legend', { activity })}
          value={to}
          onChange={(value) => setTo(value as ConnectionStatus)}
          required
        >
          <Stack gap={6} mt={6}>
            {options.map((option) => (
              <Radio
                key={option}
                value={option}
                label={labelOf ? labelOf(option) : t(`connections.actions.${option}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
        {to && <StepFields to={to} values={values} onChange={setValues} error={error} />}
        {withNote && (
          <Textarea
            id={noteId}
            label={t('connections.move.note')}
            value={note}
            autosize
            minRows={2}
            maxLength={2000}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={pending} disabled={!to}>
            {submitLabel ?? t('connections.move.submit')}
          </Button>
          {children}
        </Group>
      </Stack>
    </form>
  );
}
