import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import type { CountTable, ReportCount } from '../../../shared/contracts/reports';
import { TableScroll } from '../../components/table-scroll';
import { type WebKey, useT } from '../../i18n';
import { type RowKind, countText, hasHidden, rowName } from '../../../shared/report-notation';

/** A rounded count, or "<8" or "x" when hidden. */
export function CountCell({ count }: { count: ReportCount | null }): ReactElement {
  const { t, locale } = useT();
  return <>{countText(t, locale, count)}</>;
}

export function Footnote({ show }: { show: boolean }): ReactElement | null {
  const { t } = useT();
  return show ? (
    <Text size="sm" c="dimmed">
      {t('reports.footnote')}
    </Text>
  ) : null;
}

export function CountTableView({
  title,
  table,
  kind,
  columnKind,
  totals = true,
  nameColumn,
}: {
  title: string;
  table: CountTable;
  kind: RowKind;
  columnKind?: RowKind;
  totals?: boolean;
  /** Names the columns where neither a kind nor reports.columns does. */
  nameColumn?: (column: string) => string;
}): ReactElement {
  const { t, locale } = useT();
  const columnName = (column: string): string =>
    nameColumn
      ? nameColumn(column)
      : columnKind
        ? rowName(t, locale, columnKind, { key: column, label: null })
        : t(`reports.columns.${column}` as WebKey);
  const manyColumns = table.columns.length > 1;
  const rowTotals = totals && manyColumns && table.rows.every((row) => row.total !== null);
  if (table.rows.length === 0) {
    return (
      <Stack gap="xs">
        <Title order={3}>{title}</Title>
        <Text c="dimmed">{t('reports.empty')}</Text>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <TableScroll label={t('reports.figures', { title })}>
        <Table striped withTableBorder verticalSpacing={4} miw={manyColumns ? 420 : undefined}>
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
            {title}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reports.group')}</Table.Th>
              {table.columns.map((column) => (
                <Table.Th key={column} scope="col" ta="right">
                  {columnName(column)}
                </Table.Th>
              ))}
              {rowTotals && (
                <Table.Th scope="col" ta="right">
                  {t('reports.total')}
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Th scope="row" fw={400}>
                  {rowName(t, locale, kind, row)}
                </Table.Th>
                {row.cells.map((cell, index) => (
                  <Table.Td key={table.columns[index]} ta="right">
                    <CountCell count={cell} />
                  </Table.Td>
                ))}
                {rowTotals && (
                  <Table.Td ta="right">
                    <CountCell count={row.total} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
          {totals && table.rows.length > 1 && (
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row">{t('reports.total')}</Table.Th>
                {table.columnTotals.map((count, index) => (
                  <Table.Td key={table.columns[index]} ta="right" fw={700}>
                    <CountCell count={count} />
                  </Table.Td>
                ))}
                {rowTotals && (
                  <Table.Td ta="right" fw={700}>
                    <CountCell count={table.grandTotal} />
                  </Table.Td>
                )}
              </Table.Tr>
            </Table.Tfoot>
          )}
        </Table>
      </TableScroll>
      <Footnote show={hasHidden(table)} />
    </Stack>
  );
}

/** A chart with its figures beside it (below it on a phone). */
export function ChartWithTable({
  chart,
  table,
}: {
  chart: ReactNode;
  table: ReactNode;
}): ReactElement {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <div>{chart}</div>
      <div>{table}</div>
    </SimpleGrid>
  );
}
