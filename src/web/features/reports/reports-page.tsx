import { Anchor, Stack, Text, Title } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { OutcomeChange } from './outcome-change';
import { ReportDashboard } from './report-dashboard';
import { ReportExportLink } from './report-export-link';
import { ReportFiltersForm, currentPeriod } from './report-filters-form';
import { ReportMethods } from './report-methods';
import { type ReportFilters, useDashboard } from './reports-api';

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

/** The gap map of the same choices. */
function gapMapUrl(filters: ReportFilters): string {
  const params = new URLSearchParams({ period: filters.period });
  if (filters.scope) params.set('scope', filters.scope);
  return `/reports/gap-map?${params.toString()}`;
}

/** The printable programme report of the same choices. */
function programmeReportUrl(filters: ReportFilters): string {
  const params = new URLSearchParams({ period: filters.period });
  if (filters.scope) params.set('scope', filters.scope);
  return `/reports/programme?${params.toString()}`;
}

export function ReportsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('reports.title'));
  const [filters, setFilters] = useState<ReportFilters>({
    period: currentPeriod('year'),
    scope: '',
  });
  const dashboard = useDashboard(filters);
  return (
    <Stack gap="lg">
      <Title order={1}>{t('reports.title')}</Title>
      <Text>{t('reports.intro')}</Text>
      <ReportFiltersForm filters={filters} onChange={setFilters} />
      <Text size="sm" data-testid="reports-legend">
        {t('reports.legend')}
      </Text>
      {dashboard.data?.permissions.export && <ReportExportLink filters={filters} />}
      <Stack gap={2}>
        <Anchor component={Link} to={programmeReportUrl(filters)}>
          {t('reports.programme.link')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('reports.programme.linkHelp')}
        </Text>
      </Stack>
      <Stack gap={2}>
        <Anchor component={Link} to={gapMapUrl(filters)}>
          {t('reports.gapMap.link')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('reports.gapMap.linkHelp')}
        </Text>
      </Stack>
      {dashboard.isPending && <PageLoader />}
      {dashboard.isError && (
        <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      )}
      {dashboard.data && <AsOf asOf={dashboard.data.scope.asOf} />}
      {dashboard.data && <ReportDashboard dashboard={dashboard.data} />}
      <PageSection id="reports-outcomes" title={t('reports.sections.outcomes')}>
        <OutcomeChange filters={filters} />
      </PageSection>
      <ReportMethods />
    </Stack>
  );
}
