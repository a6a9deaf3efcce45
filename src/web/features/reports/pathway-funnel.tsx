import { Stack, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Dashboard } from '../../../shared/contracts/reports';
import { PageSection } from '../../components/page-section';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { ChartWithTable, CountCell, Footnote } from './count-table';
import { BarChart, type ChartBar } from './report-charts';
import { countText, hasHidden, rowName } from '../../../shared/report-notation';

/** The pathway section: referrals reaching each stage, and the time to first contact. */
export function PathwayFunnel({ dashboard }: { dashboard: Dashboard }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const funnelRow = dashboard.funnel.rows[0];
  const stageName = (stage: string): string =>
    rowName(t, locale, 'stage', { key: stage, label: null });
  const funnelBars = dashboard.funnel.columns.map((stage, index): ChartBar => {
    const count = funnelRow?.cells[index] ?? null;
    return {
      label: stageName(stage),
      value: count?.value ?? null,
      text: countText(t, locale, count),
    };
  });
  const ttfc = dashboard.timeToFirstContact;
  const days = (value: number | null): string =>
    value === null ? t('reports.notShown') : format.number(value);
  const funnelTitle = t('reports.tables.funnel');
  return (
    <PageSection id="reports-funnel" title={t('reports.sections.funnel')}>
      <ChartWithTable
        chart={<BarChart label={t('reports.chart', { title: funnelTitle })} bars={funnelBars} />}
        table={
          <Stack gap="xs">
            <TableScroll label={t('reports.figures', { title: funnelTitle })}>
              <Table striped withTableBorder verticalSpacing={4}>
                <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
                  {funnelTitle}
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('reports.group')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.columns.referrals')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dashboard.funnel.columns.map((stage, index) => (
                    <Table.Tr key={stage}>
                      <Table.Th scope="row" fw={400}>
                        {stageName(stage)}
                      </Table.Th>
                      <Table.Td ta="right">
                        <CountCell count={funnelRow?.cells[index] ?? null} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Text size="sm" c="dimmed">
              {t('reports.funnelNote')}
            </Text>
            <Footnote show={hasHidden(dashboard.funnel)} />
          </Stack>
        }
      />
      <TableScroll label={t('reports.tables.timeToFirstContact')}>
        <Table withTableBorder verticalSpacing={4}>
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
            {t('reports.tables.timeToFirstContact')}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reports.timeToFirstContact.people')}</Table.Th>
              <Table.Th scope="col">{t('reports.timeToFirstContact.median')}</Table.Th>
              <Table.Th scope="col">{t('reports.timeToFirstContact.p90')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>
                <CountCell count={ttfc.n} />
              </Table.Td>
              <Table.Td>{days(ttfc.medianDays)}</Table.Td>
              <Table.Td>{days(ttfc.p90Days)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </TableScroll>
    </PageSection>
  );
}
