import { Stack, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ReportGrouping } from '../../../shared/contracts/report-groupings';
import { EditableListPage } from '../../components/editable-list-page';
import { ActionsColumnHeader, EditRowButton } from '../../components/row-actions';
import { TableScroll } from '../../components/table-scroll';
import { useT } from '../../i18n';
import { ReportGroupingForm } from './report-grouping-form';
import { useReportGroupings } from './report-groupings-api';

/** Administrators fix the groupings of sites that reports may cover. */
export function ReportGroupingsPage(): ReactElement {
  const { t } = useT();
  const groupings = useReportGroupings();
  return (
    <EditableListPage
      title={t('reportGroupings.title')}
      newLabel={t('reportGroupings.new')}
      editLabel={t('reportGroupings.edit')}
      query={groupings}
      renderTable={(items, onEdit) => (
        <Stack gap="sm">
          <Text>{t('reportGroupings.intro')}</Text>
          <GroupingTable groupings={items} onEdit={onEdit} />
        </Stack>
      )}
      renderForm={(grouping, close) => (
        <ReportGroupingForm grouping={grouping} onDone={close} onCancel={close} />
      )}
    />
  );
}

function GroupingTable({
  groupings,
  onEdit,
}: {
  groupings: ReportGrouping[];
  onEdit: (grouping: ReportGrouping) => void;
}): ReactElement {
  const { t } = useT();
  if (groupings.length === 0) return <Text>{t('reportGroupings.empty')}</Text>;
  return (
    <TableScroll label={t('reportGroupings.title')}>
      <Table striped highlightOnHover miw={480}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reportGroupings.name')}</Table.Th>
            <Table.Th scope="col">{t('reportGroupings.sites')}</Table.Th>
            <ActionsColumnHeader />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groupings.map((grouping) => (
            <Table.Tr key={grouping.id}>
              <Table.Td fw={500}>{grouping.name}</Table.Td>
              <Table.Td>{grouping.sites.map((site) => site.name).join(', ')}</Table.Td>
              <Table.Td ta="right">
                <EditRowButton name={grouping.name} onClick={() => onEdit(grouping)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
