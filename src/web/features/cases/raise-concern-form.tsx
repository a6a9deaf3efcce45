import { NativeSelect, Stack, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useEffect, useRef, useState } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { type SafeguardingLevel, safeguardingLevels } from '../../../shared/pathway';
import { FormActions } from '../../components/form-actions';
import { focusFirstField } from '../../components/first-field';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { useCaseLabels } from './case-labels';
import { raiseSafeguarding } from './cases-api';
import { useCaseMutation } from './case-mutation';

/** A new safeguarding concern on the case: its level and what was seen or heard. */
export function RaiseConcernForm({
  detail,
  onRaised,
  onCancel,
}: {
  detail: CaseDetail;
  onRaised: () => void;
  onCancel: () => void;
}): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const [level, setLevel] = useState<SafeguardingLevel>('concern');
  const [description, setDescription] = useState('');
  const form = useRef<HTMLFormElement>(null);
  // Fetched once asked for, the form arrives after its reveal moved the focus: it takes it.
  useEffect(() => focusFirstField(form.current), []);
  const save = useCaseMutation(
    detail.id,
    () => raiseSafeguarding(detail.id, { level, description }),
    onRaised,
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(undefined);
  };
  return (
    <form ref={form} onSubmit={submit} noValidate>
      <Stack maw={560} gap="sm">
        <FormAlert error={save.error} fields={['level', 'description']} />
        <NativeSelect
          label={t('cases.safeguarding.level')}
          data={safeguardingLevels.map((l) => ({ value: l, label: labels.level(l) }))}
          value={level}
          onChange={(event) => {
            const value = safeguardingLevels.find((l) => l === event.currentTarget.value);
            if (value) setLevel(value);
          }}
          error={fieldError(save.error, 'level')}
        />
        <Textarea
          label={t('cases.safeguarding.description')}
          required
          autosize
          minRows={3}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={fieldError(save.error, 'description')}
        />
        <FormActions
          submitLabel={t('cases.safeguarding.submit')}
          pending={save.isPending}
          color="red"
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
