import { Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import type { Organisation } from '../../../shared/contracts/organisations';
import { EditableListPage } from '../../components/editable-list-page';
import { ActionsColumnHeader, EditRowButton } from '../../components/row-actions';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useLabels } from '../../labels';
import { OrganisationForm } from './organisation-form';
import { useOrganisations } from './organisations-api';

export function OrganisationsPage(): ReactElement {
  const { t } = useT();
  const organisations = useOrganisations();
  return (
    <EditableListPage
      title={t('organisations.title')}
      newLabel={t('organisations.new')}
      editLabel={t('organisations.edit')}
      query={organisations}
      renderTable={(items, onEdit) => <OrganisationTable organisations={items} onEdit={onEdit} />}
      renderForm={(organisation, close) => (
        <OrganisationForm organisation={organisation} onDone={close} onCancel={close} />
      )}
    />
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
            <ActionsColumnHeader />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {organisations.map((organisation) => (
            <Table.Tr key={organisation.id}>
              <Table.Td fw={500}>{organisation.name}</Table.Td>
              <Table.Td>{labels.organisationKind(organisation.kind)}</Table.Td>
              <Table.Td>{format.date(organisation.updatedAt)}</Table.Td>
              <Table.Td ta="right">
                <EditRowButton name={organisation.name} onClick={() => onEdit(organisation)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
