import { Anchor, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { useT } from '../../i18n';
import { CaseAppointmentsSection, CaseNotesSection } from '../case-records';
import { CaseConnectionsSection } from '../connections';
import { CaseDocumentsSection } from '../documents';
import { AssessmentSection, FollowUpsSection, PlanSection } from '../plans';
import { CaseOutcomesSection } from '../outcomes';
import { CaseHeader } from './case-header';
import { type CaseSection, caseSectionPath, caseSections, isCaseSection } from './case-sections';
import { ContactsSection } from './contacts-section';
import { HistorySection } from './history-section';
import { ReferralSection } from './referral-section';
import { SafeguardingSection } from './safeguarding-section';
import { StatusActionsSection } from './status-actions-section';
import { useCase } from './cases-api';

/**
 * One case: who the person is and what comes next, always at the top; then one section at
 * a time, each at its own address, so a link, the back button or a bookmark finds it.
 */
export function CasePage(): ReactElement {
  const { t } = useT();
  const { id = '', section = 'overview' } = useParams();
  const query = useCase(id);
  usePageTitle(query.data?.reference ?? t('cases.caseload.title'));

  if (!isCaseSection(section)) return <Navigate to={`/cases/${id}`} replace />;
  return (
    <Stack gap="lg" maw={1080}>
      <Anchor component={Link} to="/cases" size="sm">
        {t('cases.page.back')}
      </Anchor>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <>
          <Title order={1}>{t('cases.caseload.title')}</Title>
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        </>
      ) : (
        <>
          <CaseHeader detail={query.data} />
          <CaseSections detail={query.data} section={section} />
        </>
      )}
    </Stack>
  );
}

/** The sections as tabs: arrow keys move between them, and each one is shown alone. */
function CaseSections({
  detail,
  section,
}: {
  detail: CaseDetail;
  section: CaseSection;
}): ReactElement {
  const { t } = useT();
  const navigate = useNavigate();
  return (
    <Tabs
      value={section}
      onChange={(next) => {
        if (next && isCaseSection(next)) void navigate(caseSectionPath(detail.id, next));
      }}
      keepMounted={false}
    >
      <Tabs.List aria-label={t('cases.sections.label')}>
        {caseSections.map((name) => (
          <Tabs.Tab key={name} value={name}>
            {t(`cases.sections.${name}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>

      <Tabs.Panel value="overview" pt="lg">
        <Stack gap="xl">
          <StatusActionsSection detail={detail} />
          <ReferralSection detail={detail} />
          <SafeguardingSection detail={detail} />
          <CaseDocumentsSection caseId={detail.id} />
        </Stack>
      </Tabs.Panel>

      <Tabs.Panel value="contacts" pt="lg">
        <Stack gap="xl">
          <ContactsSection detail={detail} />
          <CaseAppointmentsSection caseId={detail.id} />
          <CaseNotesSection caseId={detail.id} />
        </Stack>
      </Tabs.Panel>

      <Tabs.Panel value="what-matters" pt="lg">
        <Stack gap="xl">
          <AssessmentSection caseId={detail.id} />
        </Stack>
      </Tabs.Panel>

      <Tabs.Panel value="plan" pt="lg">
        <AfterAcceptance detail={detail} title={t('plans.plan.title')}>
          <Stack gap="xl">
            <PlanSection caseId={detail.id} />
            <FollowUpsSection caseId={detail.id} />
          </Stack>
        </AfterAcceptance>
      </Tabs.Panel>

      <Tabs.Panel value="connections" pt="lg">
        <AfterAcceptance detail={detail} title={t('connections.title')}>
          <CaseConnectionsSection caseId={detail.id} />
        </AfterAcceptance>
      </Tabs.Panel>

      <Tabs.Panel value="outcomes" pt="lg">
        <AfterAcceptance detail={detail} title={t('outcomes.title')}>
          <CaseOutcomesSection caseId={detail.id} />
        </AfterAcceptance>
      </Tabs.Panel>

      <Tabs.Panel value="history" pt="lg">
        <HistorySection detail={detail} />
      </Tabs.Panel>
    </Tabs>
  );
}

/**
 * A section that starts once the person said yes to support: until then, a sentence saying
 * so, and where to record their answer, instead of its forms.
 */
function AfterAcceptance({
  detail,
  title,
  children,
}: {
  detail: CaseDetail;
  title: string;
  children: ReactNode;
}): ReactElement {
  const { t } = useT();
  if (detail.acceptance !== 'awaiting') return <>{children}</>;
  return (
    <PageSection id="case-awaiting-acceptance" title={title}>
      <Text>
        {t('cases.sections.awaitingAcceptance')}{' '}
        <Anchor component={Link} to={caseSectionPath(detail.id, 'overview')}>
          {t('cases.sections.recordAnswer')}
        </Anchor>
      </Text>
    </PageSection>
  );
}
