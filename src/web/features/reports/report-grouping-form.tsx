import { Button, Checkbox, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import type { ReportGrouping } from '../../../shared/contracts/report-groupings';
import { FormActions } from '../../components/form-actions';
import { FormAlert, fieldError } from '../../components/form-alert';
import { useListItemSave } from '../../components/list-item-save';
import { useT } from '../../i18n';
import { useSites } from '../sites';
import {
  createGrouping,
  groupingsQueryKey,
  removeGrouping,
  updateGrouping,
} from './report-groupings-api';

type Props = { grouping?: ReportGrouping; onDone: () => void; onCancel: () => void };

/** Names a grouping of sites and picks its sites; removes it when editing one. */
export function ReportGroupingForm({ grouping, onDone, onCancel }: Props): ReactElement {
  const { t } = useT();
  const sites = useSites();
  const queryClient = useQueryClient();
  const [name, setName] = useState(grouping?.name ?? '');
  const [siteIds, setSiteIds] = useState<string[]>(grouping?.siteIds ?? []);
  const [version, setVersion] = useState(grouping?.version ?? 1);
  const refreshScopes = (): Promise<void> =>
    queryClient.invalidateQueries({ queryKey: ['reports', 'scopes'] });

  const { mutation: save, submit } = useListItemSave({
    listKey: groupingsQueryKey,
    item: grouping,
    save: async () => {
      await (grouping
        ? updateGrouping(grouping.id, { name, siteIds, version })
        : createGrouping({ name, siteIds }));
      await refreshScopes();
    },
    onDone,
    onConflict: (fresh) => {
      setName(fresh.name);
      setSiteIds(fresh.siteIds);
      setVersion(fresh.version);
    },
  });
  const remove = useMutation({
    mutationFn: async () => {
      if (grouping) await removeGrouping(grouping.id);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: groupingsQueryKey });
      await refreshScopes();
      onDone();
    },
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert error={save.error ?? remove.error} fields={['name', 'siteIds']} />
        <TextInput
          label={t('reportGroupings.name')}
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(save.error, 'name')}
        />
        <Checkbox.Group
          label={t('reportGroupings.sites')}
          description={t('reportGroupings.sitesHelp')}
          value={siteIds}
          onChange={setSiteIds}
          error={fieldError(save.error, 'siteIds')}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} mt="xs">
            {(sites.data ?? []).map((site) => (
              <Checkbox key={site.id} value={site.id} label={site.name} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <FormActions
          submitLabel={grouping ? t('common.save') : t('common.create')}
          pending={save.isPending}
          onCancel={onCancel}
        />
        {grouping && (
          <Button
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {t('reportGroupings.remove')}
          </Button>
        )}
      </Stack>
    </form>
  );
}
