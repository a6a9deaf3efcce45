import { Table } from '@mantine/core';
import type { ReactElement } from 'react';
import type { OutcomeGroupCell, OutcomesReport } from '../../../shared/contracts/reports';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';

/**
 * The change from baseline at each follow-up timepoint apart (3, 6, 12 months, discharge),
 * each its own pairs: a row per measure, a column per timepoint, each cell the mean change
 * with its 95% interval and the people it is of, or a dash where it is not shown.
 */
export function OutcomeTimepoints({ report }: { report: OutcomesReport }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const title = t('reports.tables.timepoints');
  const number = (value: number): string => format.decimal(value, 1);
  const cellText = (cell: OutcomeGroupCell | undefined): string => {
    if (!cell || cell.suppressed || cell.meanChange === null || cell.n === null) return '—';
    const interval = cell.ci95
      ? ` (${format.semicolonList([number(cell.ci95[0]), number(cell.ci95[1])])})`
      : '';
    return t('reports.timepoints.cell', {
      change: `${number(cell.meanChange)}${interval}`,
      n: format.number(cell.n),
    });
  };
  return (
    <TableScroll label={t('reports.figures', { title })}>
      <Table striped withTableBorder verticalSpacing={4} miw={640} data-testid="report-timepoints">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
          {title}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.outcomes.measure')}</Table.Th>
            {report.timepoints.map((row) => (
              <Table.Th scope="col" key={row.timepoint}>
                {t(`outcomes.timepoints.${row.timepoint}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.items.map((item, index) => (
            <Table.Tr key={`${item.instrumentId}.${item.scale}`}>
              <Table.Th scope="row" fw={400}>
                {item.label[locale]}
              </Table.Th>
              {report.timepoints.map((row) => (
                <Table.Td key={row.timepoint}>{cellText(row.cells[index])}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
