import { NativeSelect, Stack, TextInput } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Organisation } from '../../../shared/contracts/organisations';
import { type OrganisationKind, organisationKinds } from '../../../shared/roles';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useListItemSave } from '../../components/list-item-save';
import { useLabels } from '../../labels';
import { createOrganisation, organisationsQueryKey, updateOrganisation } from './organisations-api';

type Props = { organisation?: Organisation; onDone: () => void; onCancel: () => void };

/** Creates an organisation, or edits one when given it. */
export function OrganisationForm({ organisation, onDone, onCancel }: Props): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  const [name, setName] = useState(organisation?.name ?? '');
  const [kind, setKind] = useState<OrganisationKind>(organisation?.kind ?? 'health_centre');
  const [version, setVersion] = useState(organisation?.version ?? 1);

  const { mutation: save, submit } = useListItemSave({
    listKey: organisationsQueryKey,
    item: organisation,
    save: () =>
      organisation
        ? updateOrganisation(organisation.id, { name, kind, version })
        : createOrganisation({ name, kind }),
    onDone,
    onConflict: (fresh) => {
      setName(fresh.name);
      setKind(fresh.kind);
      setVersion(fresh.version);
    },
  });

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
        <FormActions
          submitLabel={organisation ? t('common.save') : t('common.create')}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
