import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Organisation } from '../../../shared/contracts/organisations';
import { AppModal } from '../../components/app-modal';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useLabels } from '../../labels';
import { OrganisationForm } from './organisation-form';
import { useOrganisations } from './organisations-api';

type Editing = { mode: 'create' } | { mode: 'edit'; organisation: Organisation } | null;

export function OrganisationsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('organisations.title'));
  const organisations = useOrganisations();
  const [editing, setEditing] = useState<Editing>(null);
  const close = (): void => setEditing(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('organisations.title')}</Title>
        <Button onClick={() => setEditing({ mode: 'create' })}>{t('organisations.new')}</Button>
      </Group>
      {organisations.isPending ? (
        <PageLoader />
      ) : organisations.isError ? (
        <LoadError error={organisations.error} onRetry={() => void organisations.refetch()} />
      ) : (
        <OrganisationTable
          organisations={organisations.data}
          onEdit={(organisation) => setEditing({ mode: 'edit', organisation })}
        />
      )}
      <AppModal
        opened={editing !== null}
        onClose={close}
        title={editing?.mode === 'edit' ? t('organisations.edit') : t('organisations.new')}
      >
        {editing && (
          <OrganisationForm
            key={editing.mode === 'edit' ? editing.organisation.id : 'new'}
            organisation={editing.mode === 'edit' ? editing.organisation : undefined}
            onDone={close}
            onCancel={close}
          />
        )}
      </AppModal>
    </Stack>
  );
}

function OrganisationTable({
  organisations,
  onEdit,
}: {
  organisations: Organisation[];
  onEdit: (organisation: Organisation) => void;
}): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  const format = useFormat();
  if (organisations.length === 0) return <Text>{t('organisations.empty')}</Text>;
  return (
    <TableScroll label={t('organisations.title')}>
      <Table striped highlightOnHover miw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('organisations.name')}</Table.Th>
            <Table.Th scope="col">{t('organisations.kind')}</Table.Th>
            <Table.Th scope="col">{t('common.updatedAt')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {organisations.map((organisation) => (
            <Table.Tr key={organisation.id}>
              <Table.Td fw={500}>{organisation.name}</Table.Td>
              <Table.Td>{labels.organisationKind(organisation.kind)}</Table.Td>
              <Table.Td>{format.date(organisation.updatedAt)}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-sm"
                  variant="light"
                  aria-label={t('common.editNamed', { name: organisation.name })}
                  onClick={() => onEdit(organisation)}
                >
                  {t('common.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
