import { Anchor, Divider, Stack, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { useT } from '../../i18n';
import { CaseConnectionsSection } from '../connections';
import { CasePlanSections } from '../plans';
import { CaseOutcomesSection } from '../outcomes';
import { CaseHeader } from './case-header';
import { ContactsSection } from './contacts-section';
import { HistorySection } from './history-section';
import { ReferralSection } from './referral-section';
import { SafeguardingSection } from './safeguarding-section';
import { StatusActionsSection } from './status-actions-section';
import { useCase } from './cases-api';

/** One case: who, why, what happened so far, and what can be done next. */
export function CasePage(): ReactElement {
  const { t } = useT();
  const { id = '' } = useParams();
  const query = useCase(id);
  usePageTitle(query.data?.reference ?? t('cases.caseload.title'));

  return (
    <Stack gap="lg" maw={960}>
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
          <StatusActionsSection detail={query.data} />
          <Divider />
          <ReferralSection detail={query.data} />
          <Divider />
          <ContactsSection detail={query.data} />
          <CasePlanSections caseId={query.data.id} />
          <CaseConnectionsSection caseId={query.data.id} />
          <CaseOutcomesSection caseId={query.data.id} />
          <Divider />
          <SafeguardingSection detail={query.data} />
          <Divider />
          <HistorySection detail={query.data} />
        </>
      )}
    </Stack>
  );
}
