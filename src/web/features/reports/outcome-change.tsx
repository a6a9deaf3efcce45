import { NativeSelect, Stack, Table, Text } from '@mantine/core';
import { type ReactElement, type ReactNode, useState } from 'react';
import {
  type InstrumentChange,
  type OutcomeWindow,
  type ReportCount,
  outcomeWindows,
} from '../../../shared/contracts/reports';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { CountCell } from './count-table';
import { OutcomeDownloads } from './outcome-downloads';
import { pValueText } from '../../../shared/report-notation';
import { OutcomeAttrition, OutcomeHeadlines } from './outcome-evaluation';
import { OutcomeGroupsView } from './outcome-groups';
import { ChangeChart } from './report-charts';
import { OutcomeTimepoints } from './outcome-timepoints';
import { type ReportFilters, useOutcomes } from './reports-api';

/** Which date puts an outcome in the period: the referral's or the measurement's. */
export function OutcomeWindowSelect({
  value,
  onChange,
}: {
  value: OutcomeWindow;
  onChange: (window: OutcomeWindow) => void;
}): ReactElement {
  const { t } = useT();
  return (
    <NativeSelect
      label={t('reports.window.label')}
      description={t('reports.window.help')}
      data={outcomeWindows.map((window) => ({
        value: window,
        label: t(`reports.window.${window}`),
      }))}
      value={value}
      onChange={(event) =>
        onChange(outcomeWindows.find((w) => w === event.currentTarget.value) ?? 'referral')
      }
      w={{ base: '100%', sm: 320 }}
    />
  );
}

export function OutcomeChange({ filters }: { filters: ReportFilters }): ReactElement {
  const { t } = useT();
  const [outcomeWindow, setOutcomeWindow] = useState<OutcomeWindow>('referral');
  const outcomeFilters = { ...filters, window: outcomeWindow };
  const outcomes = useOutcomes(outcomeFilters);
  const choice = <OutcomeWindowSelect value={outcomeWindow} onChange={setOutcomeWindow} />;
  if (outcomes.isPending)
    return (
      <Stack gap="md">
        {choice}
        <PageLoader />
      </Stack>
    );
  if (outcomes.isError)
    return (
      <Stack gap="md">
        {choice}
        <LoadError error={outcomes.error} onRetry={() => void outcomes.refetch()} />
      </Stack>
    );
  const items = outcomes.data.items;
  if (items.length === 0) return <Text c="dimmed">{t('reports.outcomes.empty')}</Text>;
  return (
    // The chart above the table, which takes the page's whole width: eleven columns of figures
    // do not fit beside a chart, and a table wider than the page hides its last columns.
    <Stack gap="md">
      {choice}
      <OutcomeDownloads filters={outcomeFilters} report={outcomes.data} />
      <OutcomeHeadlines report={outcomes.data} />
      <OutcomeChangeChart items={items} />
      <OutcomeChangeTable items={items} />
      <OutcomeTimepoints report={outcomes.data} />
      <OutcomeAttrition items={items} />
      <OutcomeGroupsView filters={outcomeFilters} items={items} />
      <Text size="sm" c="dimmed">
        {t('reports.footnote')}
      </Text>
    </Stack>
  );
}

/** Each measure's mean before and after, as a chart whose name reads its figures out. */
export function OutcomeChangeChart({ items }: { items: InstrumentChange[] }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const number = (value: number | null): string =>
    value === null ? '—' : format.decimal(value, 1);
  const nameOf = (item: InstrumentChange): string => item.label[locale];
  const chartTitle = t('reports.tables.change');
  return (
    <ChangeChart
      label={`${t('reports.chart', { title: chartTitle })} ${format.semicolonList(
        items
          .filter((item) => !item.suppressed)
          .map((item) =>
            t('reports.outcomes.chartLabel', {
              measure: nameOf(item),
              before: number(item.meanBefore),
              after: number(item.meanAfter),
            }),
          ),
      )}`}
      items={items}
      nameOf={nameOf}
    />
  );
}

/** The change on each measure between baseline and the latest follow-up, with its tests. */
export function OutcomeChangeTable({ items }: { items: InstrumentChange[] }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  /** Means, spreads and changes come rounded to one decimal (contracts/reports.ts). */
  const number = (value: number | null, digits = 1): string =>
    value === null ? '—' : format.decimal(value, digits);
  const title = t('reports.tables.outcomes');
  const share = (count: ReportCount, value: number | null): ReactNode =>
    count.value === null ? (
      <CountCell count={count} />
    ) : (
      `${format.number(count.value)} (${format.percent(value ?? 0)})`
    );
  return (
    <TableScroll label={t('reports.figures', { title })}>
      <Table striped withTableBorder verticalSpacing={4} miw={720}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
          {title}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.outcomes.measure')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.n')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.before')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.after')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.change')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.tTest')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.wilcoxon')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.effect')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.improved')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.same')}</Table.Th>
            <Table.Th scope="col">{t('reports.outcomes.worsened')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={`${item.instrumentId}.${item.scale}`}>
              <Table.Th scope="row" fw={400}>
                {item.label[locale]}
                <Text size="xs" c="dimmed">
                  {item.direction === 'lower_is_better'
                    ? t('reports.outcomes.lowerIsBetter')
                    : t('reports.outcomes.higherIsBetter')}
                </Text>
              </Table.Th>
              {item.suppressed ? (
                <Table.Td colSpan={10}>{t('reports.outcomes.suppressed')}</Table.Td>
              ) : (
                <>
                  <Table.Td>{item.n === null ? '—' : format.number(item.n)}</Table.Td>
                  <Table.Td>
                    {number(item.meanBefore)} ({number(item.sdBefore)})
                  </Table.Td>
                  <Table.Td>
                    {number(item.meanAfter)} ({number(item.sdAfter)})
                  </Table.Td>
                  <Table.Td>
                    {number(item.meanChange)}
                    {item.ci95 &&
                      ` (${format.semicolonList([number(item.ci95[0]), number(item.ci95[1])])})`}
                  </Table.Td>
                  <Table.Td>{pValueText(locale, item.tTest?.pValue)}</Table.Td>
                  <Table.Td>{pValueText(locale, item.wilcoxon?.pValue)}</Table.Td>
                  <Table.Td>{number(item.effectSize.cohenDz, 2)}</Table.Td>
                  <Table.Td>
                    {item.shares ? share(item.shares.improved, item.shares.improvedShare) : '—'}
                  </Table.Td>
                  <Table.Td>
                    {item.shares ? share(item.shares.same, item.shares.sameShare) : '—'}
                  </Table.Td>
                  <Table.Td>
                    {item.shares ? share(item.shares.worsened, item.shares.worsenedShare) : '—'}
                  </Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
