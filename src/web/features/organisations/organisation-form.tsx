import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Organisation, OrganisationList } from '../../../shared/contracts/organisations';
import { type OrganisationKind, organisationKinds } from '../../../shared/roles';
import { fieldError, FormAlert } from '../../components/form-alert';
import { isStaleVersion } from '../../components/stale-version';
import { useLabels } from '../../labels';
import { createOrganisation, organisationsQueryKey, updateOrganisation } from './organisations-api';

type Props = { organisation?: Organisation; onDone: () => void; onCancel: () => void };

/** Creates an organisation, or edits one when given it. */
export function OrganisationForm({ organisation, onDone, onCancel }: Props): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const [name, setName] = useState(organisation?.name ?? '');
  const [kind, setKind] = useState<OrganisationKind>(organisation?.kind ?? 'health_centre');
  const [version, setVersion] = useState(organisation?.version ?? 1);

  const reload = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
    const list = queryClient.getQueryData<OrganisationList>(organisationsQueryKey);
    const fresh = list?.items.find((item) => item.id === organisation?.id);
    if (!fresh) return;
    setName(fresh.name);
    setKind(fresh.kind);
    setVersion(fresh.version);
  };

  const save = useMutation({
    mutationFn: () =>
      organisation
        ? updateOrganisation(organisation.id, { name, kind, version })
        : createOrganisation({ name, kind }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
      onDone();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void reload();
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert error={save.error} fields={['name', 'kind']} />
        <TextInput
          label={t('organisations.name')}
          required
          data-autofocus
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(save.error, 'name')}
        />
        <NativeSelect
          label={t('organisations.kind')}
          required
          data={organisationKinds.map((value) => ({
            value,
            label: labels.organisationKind(value),
          }))}
          value={kind}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const match = organisationKinds.find((candidate) => candidate === value);
            if (match) setKind(match);
          }}
          error={fieldError(save.error, 'kind')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {organisation ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
