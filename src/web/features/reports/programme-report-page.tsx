import { Anchor, Button, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useSearchParams } from '../../navigation';
import {
  type Dashboard,
  type OutcomeWindow,
  type OutcomesReport,
  ReportPeriod,
  ReportScopeChoice,
  outcomeWindows,
} from '../../../shared/contracts/reports';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { CountTableView } from './count-table';
import { OutcomeChangeChart, OutcomeChangeTable, OutcomeWindowSelect } from './outcome-change';
import { OutcomeAttrition, OutcomeHeadlines } from './outcome-evaluation';
import { OutcomeTimepoints } from './outcome-timepoints';
import { PathwayFunnel } from './pathway-funnel';
import { ReportFiltersForm, currentPeriod } from './report-filters-form';
import { ReportMethods } from './report-methods';
import { methodsNote } from '../../../shared/report-notation';
import { type ReportFilters, useDashboard, useOutcomes } from './reports-api';
import classes from './programme-report.module.css';

/**
 * The programme report a lead sends to its funder: the pathway, reach against the people
 * referred, time to first contact, connections, the outcomes and a methods note written
 * from the figures, on one printable page in the language of the screen. Every figure is
 * one the reports page shows, from the same answers (the dashboard and the outcomes).
 */
export function ProgrammeReportPage(): ReactElement {
  const { t, locale } = useT();
  usePageTitle(t('reports.programme.title'));
  const [params, setParams] = useSearchParams();
  const period = ReportPeriod.safeParse(params.get('period'));
  const scope = ReportScopeChoice.safeParse(params.get('scope'));
  const filters: ReportFilters = {
    period: period.success ? period.data : currentPeriod('year'),
    scope: scope.success ? scope.data : '',
  };
  const outcomeWindow: OutcomeWindow =
    outcomeWindows.find((w) => w === params.get('window')) ?? 'referral';
  const choose = (next: ReportFilters, window: OutcomeWindow): void => {
    setParams(
      { period: next.period, ...(next.scope ? { scope: next.scope } : {}), window },
      { replace: true },
    );
  };
  // The server's PDF of the same choices, in the language of the screen.
  const pdfQuery = new URLSearchParams({
    period: filters.period,
    ...(filters.scope ? { scope: filters.scope } : {}),
    window: outcomeWindow,
    language: locale,
  });
  const dashboard = useDashboard(filters);
  const outcomes = useOutcomes({ ...filters, window: outcomeWindow });
  return (
    <Stack gap="lg">
      <Stack gap="sm" className={classes.noPrint}>
        <Group justify="space-between" wrap="wrap">
          <Anchor component={Link} to="/reports">
            {t('reports.programme.back')}
          </Anchor>
          <Group gap="sm">
            <Button
              component="a"
              variant="default"
              href={`/api/reports/programme.pdf?${pdfQuery.toString()}`}
              download
            >
              {t('reports.programme.download')}
            </Button>
            <Button onClick={() => window.print()} disabled={!dashboard.data || !outcomes.data}>
              {t('reports.programme.print')}
            </Button>
          </Group>
        </Group>
        <Text size="sm">{t('reports.programme.printHelp')}</Text>
        <ReportFiltersForm filters={filters} onChange={(next) => choose(next, outcomeWindow)} />
        <OutcomeWindowSelect value={outcomeWindow} onChange={(w) => choose(filters, w)} />
      </Stack>
      {(dashboard.isPending || outcomes.isPending) && <PageLoader />}
      {dashboard.isError && (
        <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      )}
      {outcomes.isError && (
        <LoadError error={outcomes.error} onRetry={() => void outcomes.refetch()} />
      )}
      {dashboard.data && outcomes.data && (
        <ProgrammeReport dashboard={dashboard.data} outcomes={outcomes.data} />
      )}
    </Stack>
  );
}

function ProgrammeReport({
  dashboard,
  outcomes,
}: {
  dashboard: Dashboard;
  outcomes: OutcomesReport;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const { scope } = dashboard;
  const scopeName = scope.name ?? t('reports.scopeProgramme');
  return (
    <article className={classes.sheet} aria-labelledby="programme-report-title">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1} id="programme-report-title">
            {t('reports.programme.title')}
          </Title>
          <Text fw={600}>
            {t('reports.programme.covering', {
              scope: scopeName,
              from: format.date(scope.from),
              to: format.date(scope.to),
            })}
          </Text>
          <Text size="sm">
            {scope.asOf
              ? t('reports.asOf', { time: format.dateTime(scope.asOf) })
              : t('reports.notYetComputed')}
          </Text>
          <Text size="sm">{t('reports.legend')}</Text>
        </Stack>

        <div className={classes.block}>
          <PathwayFunnel dashboard={dashboard} />
        </div>

        <PageSection id="programme-reach" title={t('reports.programme.sections.reach')}>
          <Text size="sm">{t('reports.programme.reachNote')}</Text>
          {(
            [
              ['ageBand', 'reports.tables.ageBand'],
              ['sex', 'reports.tables.sex'],
              ['language', 'reports.tables.language'],
              ['area', 'reports.tables.area'],
            ] as const
          ).map(([kind, title]) => (
            <div className={classes.block} key={kind}>
              <CountTableView
                title={t(title)}
                table={dashboard.equity[kind]}
                kind={kind}
                columnKind="stage"
              />
            </div>
          ))}
        </PageSection>

        <PageSection id="programme-connections" title={t('reports.programme.sections.connections')}>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <CountTableView
              title={t('reports.tables.byCategory')}
              table={dashboard.connectionsByCategory}
              kind="category"
            />
            <CountTableView
              title={t('reports.tables.partnerDeclines')}
              table={dashboard.partnerDeclines}
              kind="declineReason"
            />
          </SimpleGrid>
        </PageSection>

        <PageSection id="programme-outcomes" title={t('reports.programme.sections.outcomes')}>
          <Stack gap="md">
            <OutcomeHeadlines report={outcomes} />
            <div className={classes.block}>
              <OutcomeChangeChart items={outcomes.items} />
            </div>
            <OutcomeChangeTable items={outcomes.items} />
            <OutcomeTimepoints report={outcomes} />
            <OutcomeAttrition items={outcomes.items} />
          </Stack>
        </PageSection>

        <GeneratedMethods dashboard={dashboard} outcomes={outcomes} />
        <ReportMethods />
      </Stack>
    </article>
  );
}

/** The methods note written from this report's own figures (shared/report-notation.ts). */
function GeneratedMethods({
  dashboard,
  outcomes,
}: {
  dashboard: Dashboard;
  outcomes: OutcomesReport;
}): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const note = methodsNote(t, locale, dashboard, outcomes, format);
  return (
    <PageSection id="programme-methods" title={t('reports.programme.sections.methods')}>
      <Stack gap="xs" data-testid="programme-methods">
        <Text size="sm">{note.coverage}</Text>
        <Text size="sm">{note.measuresTitle}</Text>
        {note.measures.length === 0 ? (
          <Text size="sm">{note.noMeasures}</Text>
        ) : (
          <List size="sm">
            {note.measures.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        )}
        <Text size="sm">{note.pairing}</Text>
        <Text size="sm">{note.missing}</Text>
        <Text size="sm">{note.tests}</Text>
        <Text size="sm">{note.suppression}</Text>
      </Stack>
    </PageSection>
  );
}
