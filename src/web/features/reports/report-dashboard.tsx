import { SimpleGrid, Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Dashboard } from '../../../shared/contracts/reports';
import { PageSection } from '../../components/page-section';
import { useT } from '../../i18n';
import { ChartWithTable, CountTableView } from './count-table';
import { PathwayFunnel } from './pathway-funnel';
import { TrendChart } from './report-charts';
import { monthName } from '../../../shared/report-notation';
import { barsOf } from './report-row-names';

export function ReportDashboard({ dashboard }: { dashboard: Dashboard }): ReactElement {
  const { t, locale } = useT();
  const monthTitle = t('reports.tables.byMonth');
  const months = dashboard.referralsByMonth.rows;
  return (
    <Stack gap="xl">
      <PathwayFunnel dashboard={dashboard} />

      <PageSection id="reports-referrals" title={t('reports.sections.referrals')}>
        <ChartWithTable
          chart={
            <TrendChart
              label={t('reports.chart', { title: monthTitle })}
              points={barsOf(t, locale, dashboard.referralsByMonth, 'month')}
              first={monthName(months[0]?.key ?? '', locale, 'short')}
              last={monthName(months.at(-1)?.key ?? '', locale, 'short')}
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
