import { Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type {
  HeadlineFigure,
  InstrumentChange,
  OutcomesReport,
} from '../../../shared/contracts/reports';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { pValueText } from '../../../shared/report-notation';
import { useT } from '../../i18n';
import { CountCell } from './count-table';

/**
 * The shares programmes publish ("49% less lonely"), each with its 95% Wilson interval,
 * the people it is of, and what counts as the improvement, from the measure's own rule.
 */
export function OutcomeHeadlines({ report }: { report: OutcomesReport }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const title = t('reports.tables.headlines');
  const shareText = (headline: HeadlineFigure): string =>
    headline.share === null || headline.ci95 === null
      ? t('reports.headlines.notShown')
      : t('reports.headlines.share', {
          share: format.percent(headline.share),
          low: format.percent(headline.ci95[0]),
          high: format.percent(headline.ci95[1]),
        });
  return (
    <TableScroll label={t('reports.figures', { title })}>
      <Table striped withTableBorder verticalSpacing={4} miw={560} data-testid="report-headlines">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
          {title}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.headlines.figure')}</Table.Th>
            <Table.Th scope="col">{t('reports.headlines.shareColumn')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.n')}</Table.Th>
            <Table.Th scope="col">{t('reports.headlines.definition')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.headlines.map((headline) => (
            <Table.Tr key={headline.key}>
              <Table.Th scope="row">{t(`reports.headlines.keys.${headline.key}`)}</Table.Th>
              <Table.Td>{shareText(headline)}</Table.Td>
              <Table.Td>{headline.n === null ? '—' : format.number(headline.n)}</Table.Td>
              <Table.Td>
                {headline.definition[locale]}
                <Text size="xs" c="dimmed">
                  {t('reports.headlines.source', { source: headline.source })}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/**
 * Who had a baseline, who was followed up and who was lost, per measure, and the baseline
 * scores of those lost beside those who completed (complete cases: the change uses only
 * the people with both).
 */
export function OutcomeAttrition({ items }: { items: InstrumentChange[] }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const title = t('reports.tables.attrition');
  const number = (value: number | null): string =>
    value === null ? '—' : format.decimal(value, 1);
  const meanSd = (mean: number, sd: number | null): string => `${number(mean)} (${number(sd)})`;
  return (
    <TableScroll label={t('reports.figures', { title })}>
      <Table striped withTableBorder verticalSpacing={4} miw={720} data-testid="report-attrition">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
          {title}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.outcomes.measure')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.baselines')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.pairs')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.lost')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.lostBaseline')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.completedBaseline')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.difference')}</Table.Th>
            <Table.Th scope="col">{t('reports.attrition.pValue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const { attrition } = item;
            const comparison = attrition.comparison;
            return (
              <Table.Tr key={`${item.instrumentId}.${item.scale}`}>
                <Table.Th scope="row" fw={400}>
                  {item.label[locale]}
                </Table.Th>
                <Table.Td>
                  <CountCell count={attrition.baselines} />
                </Table.Td>
                <Table.Td>
                  <CountCell count={attrition.pairs} />
                </Table.Td>
                <Table.Td>
                  <CountCell count={attrition.lost} />
                  {attrition.lostShare !== null && ` (${format.percent(attrition.lostShare)})`}
                </Table.Td>
                {comparison ? (
                  <>
                    <Table.Td>{meanSd(comparison.lostMean, comparison.lostSd)}</Table.Td>
                    <Table.Td>{meanSd(comparison.completedMean, comparison.completedSd)}</Table.Td>
                    <Table.Td>
                      {number(comparison.difference)}
                      {comparison.ci95 &&
                        ` (${format.semicolonList([number(comparison.ci95[0]), number(comparison.ci95[1])])})`}
                    </Table.Td>
                    <Table.Td>{pValueText(locale, comparison.pValue)}</Table.Td>
                  </>
                ) : (
                  <Table.Td colSpan={4}>{t('reports.attrition.noComparison')}</Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
