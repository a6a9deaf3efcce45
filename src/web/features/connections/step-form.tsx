import { Button, Radio, Stack, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useId, useState } from 'react';
import type { ConnectionStatus } from '../../../shared/pathway';
import { FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { StepFields, type StepValues, stepBody, today } from './step-fields';

export type StepSubmission = {
  to: ConnectionStatus;
  reason?: string;
  firstAttendedOn?: string;
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
}: {
  activity: string;
  options: readonly ConnectionStatus[];
  withNote: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (step: StepSubmission) => void;
}): ReactElement {
  const { t } = useT();
  const noteId = useId();
  const [to, setTo] = useState<ConnectionStatus | ''>(
    options.length === 1 ? (options[0] ?? '') : '',
  );
  const [values, setValues] = useState<StepValues>({ reason: '', firstAttendedOn: today() });
  const [note, setNote] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!to) return;
    onSubmit({ to, ...stepBody(to, values), ...(withNote && note.trim() ? { note } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert error={error} fields={['reason', 'firstAttendedOn']} />
        <Radio.Group
          label={t('connections.move.legend', { activity })}
          value={to}
          onChange={(value) => setTo(value as ConnectionStatus)}
          required
        >
          <Stack gap={6} mt={6}>
            {options.map((option) => (
              <Radio key={option} value={option} label={t(`connections.actions.${option}`)} />
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
        <div>
          <Button type="submit" loading={pending} disabled={!to}>
            {t('connections.move.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
