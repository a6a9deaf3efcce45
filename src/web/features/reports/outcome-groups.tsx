import { NativeSelect, Stack, Table, Text } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import {
  type InstrumentChange,
  type OutcomeGroupDimension,
  outcomeGroupDimensions,
} from '../../../shared/contracts/reports';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { type WebKey, useT } from '../../i18n';
import { rowName } from '../../../shared/report-notation';
import { rowKindOfDimension } from './report-row-names';
import { type OutcomeFilters, useOutcomeGroups } from './reports-api';

/**
 * The change on one measure broken down by one group, each chosen with a labelled select:
 * four columns, so the table fits a phone.
 */
export function OutcomeGroupsView({
  filters,
  items,
}: {
  filters: OutcomeFilters;
  items: InstrumentChange[];
}): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const [dimension, setDimension] = useState<OutcomeGroupDimension>('age_band');
  const [scale, setScale] = useState(items[0] ? `${items[0].instrumentId}.${items[0].scale}` : '');
  const groups = useOutcomeGroups(filters, dimension);
  const item = items.find((i) => `${i.instrumentId}.${i.scale}` === scale);
  const number = (value: number | null): string =>
    value === null ? '—' : format.decimal(value, 1);
  const dimensionName = t(`reports.outcomeGroups.dimensions.${dimension}` as WebKey);
  const title = t('reports.outcomeGroups.title', {
    measure: item?.label[locale] ?? '',
    group: dimensionName,
  });
  return (
    <Stack gap="sm">
      <Stack gap="xs" style={{ flexDirection: 'row', flexWrap: 'wrap' }}>
        <NativeSelect
          label={t('reports.outcomeGroups.dimension')}
          value={dimension}
          onChange={(event) => setDimension(event.currentTarget.value as OutcomeGroupDimension)}
          data={outcomeGroupDimensions.map((value) => ({
            value,
            label: t(`reports.outcomeGroups.dimensions.${value}` as WebKey),
          }))}
        />
        <NativeSelect
          label={t('reports.outcomeGroups.measure')}
          value={scale}
          onChange={(event) => setScale(event.currentTarget.value)}
          data={items.map((i) => ({
            value: `${i.instrumentId}.${i.scale}`,
            label: i.label[locale],
          }))}
        />
      </Stack>
      {groups.isPending ? (
        <PageLoader />
      ) : groups.isError ? (
        <LoadError error={groups.error} onRetry={() => void groups.refetch()} />
      ) : (
        <TableScroll label={t('reports.figures', { title })}>
          <Table striped withTableBorder verticalSpacing={4} data-testid="report-outcome-groups">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
              {title}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{dimensionName}</Table.Th>
                <Table.Th scope="col">{t('reports.outcomes.n')}</Table.Th>
                <Table.Th scope="col">{t('reports.outcomeGroups.beforeAfter')}</Table.Th>
                <Table.Th scope="col">{t('reports.outcomeGroups.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.data.groups.map((group) => {
                const cell = group.cells.find((c) => `${c.instrumentId}.${c.scale}` === scale);
                return (
                  <Table.Tr key={group.key}>
                    <Table.Th scope="row" fw={400}>
                      {rowName(t, locale, rowKindOfDimension[dimension], group)}
                    </Table.Th>
                    {!cell || cell.suppressed ? (
                      <Table.Td colSpan={3}>{t('reports.outcomeGroups.notShown')}</Table.Td>
                    ) : (
                      <>
                        <Table.Td>{cell.n === null ? '—' : format.number(cell.n)}</Table.Td>
                        <Table.Td>{`${number(cell.meanBefore)} → ${number(cell.meanAfter)}`}</Table.Td>
                        <Table.Td>
                          {number(cell.meanChange)}
                          {cell.ci95 &&
                            ` (${format.semicolonList([number(cell.ci95[0]), number(cell.ci95[1])])})`}
                        </Table.Td>
                      </>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      <Text size="sm" c="dimmed">
        {t('reports.outcomeGroups.note')}
      </Text>
    </Stack>
  );
}
