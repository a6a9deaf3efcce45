import {
  Anchor,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactElement, type ReactNode, useState } from 'react';
import type {
  CountTable,
  Dashboard,
  InstrumentChange,
  ReportCount,
} from '../../../shared/contracts/reports';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { type Translate, type WebKey, useT } from '../../i18n';
import { BarChart, ChangeChart, TrendChart } from './report-charts';
import {
  type ReportFilters,
  exportUrl,
  useDashboard,
  useOutcomes,
  useReportSites,
} from './reports-api';

type RowKind =
  | 'stage'
  | 'source'
  | 'reason'
  | 'site'
  | 'month'
  | 'category'
  | 'partner'
  | 'declineReason'
  | 'dischargeReason'
  | 'caseload'
  | 'ageBand'
  | 'sex'
  | 'language'
  | 'area';

const groupKeys: Partial<Record<RowKind, string>> = {
  stage: 'reports.stages',
  source: 'reports.sources',
  reason: 'reports.reasons',
  category: 'reports.categories',
  declineReason: 'reports.declineReasons',
  dischargeReason: 'reports.dischargeReasons',
  ageBand: 'reports.ageBands',
  sex: 'reports.sexes',
  language: 'reports.languages',
};

/** The words for a row of a table: the server's label, a translated code, or the key itself. */
function rowName(t: Translate, kind: RowKind, row: { key: string; label: string | null }): string {
  if (row.label) return row.label;
  if (kind === 'caseload') {
    if (row.key === 'unassigned') return t('reports.unassigned');
    const number = /^link_worker_(\d+)$/.exec(row.key)?.[1];
    return number ? t('reports.linkWorker', { number }) : row.key;
  }
  if (kind === 'partner' && row.key === 'none') return t('reports.noPartner');
  if (row.key === 'unknown') return t('reports.unknown');
  const group = groupKeys[kind];
  // Keys are codes of the contract's fixed lists; the locale files hold a label for each.
  return group ? t(`${group}.${row.key}` as WebKey) : row.key;
}

function CountCell({ count }: { count: ReportCount }): ReactElement {
  const { t } = useT();
  if (count.value !== null) return <>{count.value.toLocaleString()}</>;
  return <>{count.suppression === 'secondary' ? t('reports.secondary') : t('reports.primary')}</>;
}

function hasHidden(table: CountTable): boolean {
  const all = [
    ...table.rows.flatMap((row) => [...row.cells, row.total]),
    ...table.columnTotals,
    table.grandTotal,
  ];
  return all.some((count) => count.value === null);
}

function Footnote({ show }: { show: boolean }): ReactElement | null {
  const { t } = useT();
  return show ? (
    <Text size="sm" c="dimmed">
      {t('reports.footnote')}
    </Text>
  ) : null;
}

function CountTableView({
  title,
  table,
  kind,
  columnKind,
  totals = true,
}: {
  title: string;
  table: CountTable;
  kind: RowKind;
  columnKind?: RowKind;
  totals?: boolean;
}): ReactElement {
  const { t } = useT();
  const columnName = (column: string): string =>
    columnKind
      ? rowName(t, columnKind, { key: column, label: null })
      : t(`reports.columns.${column}` as WebKey);
  const manyColumns = table.columns.length > 1;
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
              {totals && manyColumns && (
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
                  {rowName(t, kind, row)}
                </Table.Th>
                {row.cells.map((cell, index) => (
                  <Table.Td key={table.columns[index]} ta="right">
                    <CountCell count={cell} />
                  </Table.Td>
                ))}
                {totals && manyColumns && (
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
                {manyColumns && (
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
function ChartWithTable({ chart, table }: { chart: ReactNode; table: ReactNode }): ReactElement {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <div>{chart}</div>
      <div>{table}</div>
    </SimpleGrid>
  );
}

function Filters({
  filters,
  onChange,
}: {
  filters: ReportFilters;
  onChange: (filters: ReportFilters) => void;
}): ReactElement {
  const { t } = useT();
  const sites = useReportSites();
  return (
    <Stack component="form" role="search" aria-label={t('reports.filtersLabel')} gap="sm">
      {sites.data && sites.data.items.length > 1 && (
        <Checkbox.Group
          label={t('reports.sites')}
          description={t('reports.sitesHelp')}
          value={filters.siteIds}
          onChange={(siteIds) => onChange({ ...filters, siteIds })}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing={4} mt="xs">
            {sites.data.items.map((site) => (
              <Checkbox key={site.id} value={site.id} label={site.name} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      )}
      <Group gap="sm" align="flex-end">
        <TextInput
          label={t('reports.from')}
          type="date"
          value={filters.from}
          onChange={(event) => onChange({ ...filters, from: event.currentTarget.value })}
          w={{ base: '100%', sm: 180 }}
        />
        <TextInput
          label={t('reports.to')}
          type="date"
          value={filters.to}
          onChange={(event) => onChange({ ...filters, to: event.currentTarget.value })}
          w={{ base: '100%', sm: 180 }}
        />
      </Group>
    </Stack>
  );
}

function barsOf(
  t: Translate,
  table: CountTable,
  kind: RowKind,
): { label: string; value: number | null }[] {
  return table.rows.map((row) => ({
    label: rowName(t, kind, row),
    value: row.cells[0]?.value ?? null,
  }));
}

function DashboardView({ dashboard }: { dashboard: Dashboard }): ReactElement {
  const { t } = useT();
  const funnelRow = dashboard.funnel.rows[0];
  const funnelBars = dashboard.funnel.columns.map((stage, index) => ({
    label: rowName(t, 'stage', { key: stage, label: null }),
    value: funnelRow?.cells[index]?.value ?? null,
  }));
  const ttfc = dashboard.timeToFirstContact;
  const days = (value: number | null): string =>
    value === null ? t('reports.primary') : value.toFixed(1);
  const funnelTitle = t('reports.tables.funnel');
  const monthTitle = t('reports.tables.byMonth');
  return (
    <Stack gap="xl">
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
                          {rowName(t, 'stage', { key: stage, label: null })}
                        </Table.Th>
                        <Table.Td ta="right">
                          <CountCell
                            count={
                              funnelRow?.cells[index] ?? { value: null, suppression: 'primary' }
                            }
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
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

      <PageSection id="reports-referrals" title={t('reports.sections.referrals')}>
        <ChartWithTable
          chart={
            <TrendChart
              label={t('reports.chart', { title: monthTitle })}
              points={barsOf(t, dashboard.referralsByMonth, 'month')}
            />
          }
          table={
            <CountTableView title={monthTitle} table={dashboard.referralsByMonth} kind="month" />
          }
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <CountTableView
            title={t('reports.tables.bySource')}
            table={dashboard.referralsBySource}
            kind="source"
          />
          <CountTableView
            title={t('reports.tables.byReason')}
            table={dashboard.referralsByReason}
            kind="reason"
            totals={false}
          />
          <CountTableView
            title={t('reports.tables.bySite')}
            table={dashboard.referralsBySite}
            kind="site"
          />
        </SimpleGrid>
      </PageSection>

      <PageSection id="reports-connections" title={t('reports.sections.connections')}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <CountTableView
            title={t('reports.tables.byCategory')}
            table={dashboard.connectionsByCategory}
            kind="category"
          />
          <CountTableView
            title={t('reports.tables.byPartner')}
            table={dashboard.connectionsByPartner}
            kind="partner"
          />
          <CountTableView
            title={t('reports.tables.partnerDeclines')}
            table={dashboard.partnerDeclines}
            kind="declineReason"
          />
        </SimpleGrid>
      </PageSection>

      <PageSection id="reports-closures" title={t('reports.sections.closures')}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <CountTableView
            title={t('reports.tables.dischargeReasons')}
            table={dashboard.dischargeReasons}
            kind="dischargeReason"
          />
          <CountTableView
            title={t('reports.tables.caseload')}
            table={dashboard.caseload}
            kind="caseload"
            totals={false}
          />
        </SimpleGrid>
      </PageSection>

      <PageSection id="reports-equity" title={t('reports.sections.equity')}>
        <CountTableView
          title={t('reports.tables.ageBand')}
          table={dashboard.equity.ageBand}
          kind="ageBand"
          columnKind="stage"
        />
        <CountTableView
          title={t('reports.tables.sex')}
          table={dashboard.equity.sex}
          kind="sex"
          columnKind="stage"
        />
        <CountTableView
          title={t('reports.tables.language')}
          table={dashboard.equity.language}
          kind="language"
          columnKind="stage"
        />
        <CountTableView
          title={t('reports.tables.area')}
          table={dashboard.equity.area}
          kind="area"
          columnKind="stage"
        />
      </PageSection>
    </Stack>
  );
}

function number(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}

function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value < 0.001 ? '<0.001' : value.toFixed(3);
}

function OutcomesView({ filters }: { filters: ReportFilters }): ReactElement {
  const { t, locale } = useT();
  const outcomes = useOutcomes(filters);
  if (outcomes.isPending) return <PageLoader />;
  if (outcomes.isError)
    return <LoadError error={outcomes.error} onRetry={() => void outcomes.refetch()} />;
  const items = outcomes.data.items;
  const nameOf = (item: InstrumentChange): string => item.label[locale];
  const chartTitle = t('reports.tables.change');
  const title = t('reports.tables.outcomes');
  if (items.length === 0) return <Text c="dimmed">{t('reports.outcomes.empty')}</Text>;
  const share = (count: ReportCount, value: number | null): ReactNode =>
    count.value === null ? (
      <CountCell count={count} />
    ) : (
      `${count.value.toLocaleString()} (${Math.round((value ?? 0) * 100)} %)`
    );
  return (
    <Stack gap="md">
      <ChartWithTable
        chart={
          <ChangeChart
            label={`${t('reports.chart', { title: chartTitle })} ${items
              .filter((item) => !item.suppressed)
              .map((item) =>
                t('reports.outcomes.chartLabel', {
                  measure: nameOf(item),
                  before: number(item.meanBefore),
                  after: number(item.meanAfter),
                }),
              )
              .join('; ')}`}
            items={items}
            nameOf={nameOf}
          />
        }
        table={
          <TableScroll label={t('reports.figures', { title })}>
            <Table striped withTableBorder verticalSpacing={4} miw={900}>
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
                      {nameOf(item)}
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
                        <Table.Td>{item.n}</Table.Td>
                        <Table.Td>
                          {number(item.meanBefore)} ({number(item.sdBefore)})
                        </Table.Td>
                        <Table.Td>
                          {number(item.meanAfter)} ({number(item.sdAfter)})
                        </Table.Td>
                        <Table.Td>
                          {number(item.meanChange)}
                          {item.ci95 && ` (${number(item.ci95[0])} ; ${number(item.ci95[1])})`}
                        </Table.Td>
                        <Table.Td>{pValue(item.tTest?.pValue)}</Table.Td>
                        <Table.Td>{pValue(item.wilcoxon?.pValue)}</Table.Td>
                        <Table.Td>{number(item.effectSize.cohenDz)}</Table.Td>
                        <Table.Td>
                          {item.shares
                            ? share(item.shares.improved, item.shares.improvedShare)
                            : '—'}
                        </Table.Td>
                        <Table.Td>
                          {item.shares ? share(item.shares.same, item.shares.sameShare) : '—'}
                        </Table.Td>
                        <Table.Td>
                          {item.shares
                            ? share(item.shares.worsened, item.shares.worsenedShare)
                            : '—'}
                        </Table.Td>
                      </>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        }
      />
      <Text size="sm" c="dimmed">
        {t('reports.footnote')}
      </Text>
    </Stack>
  );
}

/**
 * The figures come from summaries a recurring job brings up to date every minute or so:
 * say when they were computed, so a change made a moment ago is not looked for in vain.
 */
function AsOf({ asOf }: { asOf: string | null }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  return (
    <Text size="sm" data-testid="reports-as-of">
      {asOf ? t('reports.asOf', { time: format.dateTime(asOf) }) : t('reports.notYetComputed')}
    </Text>
  );
}

export function ReportsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('reports.title'));
  const [filters, setFilters] = useState<ReportFilters>({ siteIds: [], from: '', to: '' });
  const dashboard = useDashboard(filters);
  return (
    <Stack gap="lg">
      <Title order={1}>{t('reports.title')}</Title>
      <Text>{t('reports.intro')}</Text>
      <Filters filters={filters} onChange={setFilters} />
      {dashboard.data?.permissions.export && (
        <Stack gap={4}>
          <Anchor href={exportUrl(filters)} download>
            {t('reports.export')}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t('reports.exportHelp')}
          </Text>
        </Stack>
      )}
      {dashboard.isPending && <PageLoader />}
      {dashboard.isError && (
        <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      )}
      {dashboard.data && <AsOf asOf={dashboard.data.scope.asOf} />}
      {dashboard.data && <DashboardView dashboard={dashboard.data} />}
      <PageSection id="reports-outcomes" title={t('reports.sections.outcomes')}>
        <OutcomesView filters={filters} />
      </PageSection>
    </Stack>
  );
}
