import { Anchor, Stack, Tabs, Title } from '@mantine/core';
import { type ComponentType, lazy, type ReactElement, Suspense } from 'react';
import { Link, Navigate, useNavigate, useParams } from '../../navigation';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { loadPart, useT } from '../../i18n';
import { CaseDocumentsSection } from '../documents';
import { PersonRecordSection } from '../person-record';
import { CaseHeader } from './case-header';
import { type CaseSection, caseSectionPath, caseSections, isCaseSection } from './case-sections';
import { ReferralSection } from './referral-section';
import { SafeguardingSection } from './safeguarding-section';
import { StatusActionsSection } from './status-actions-section';
import { useCase } from './cases-api';

/**
 * The tabs after the overview, each fetched when first opened (or pointed at) with the words
 * only it shows (screens.ts): a first visit on a slow link carries the overview's code and
 * strings only, not the outcome instruments' and plans'.
 */
const tabLoaders = {
  contacts: loadPart('features/cases/case-tab-contacts', () => import('./case-tab-contacts')),
  'what-matters': loadPart(
    'features/cases/case-tab-what-matters',
    () => import('./case-tab-what-matters'),
  ),
  plan: loadPart('features/cases/case-tab-plan', () => import('./case-tab-plan')),
  connections: loadPart(
    'features/cases/case-tab-connections',
    () => import('./case-tab-connections'),
  ),
  outcomes: loadPart('features/cases/case-tab-outcomes', () => import('./case-tab-outcomes')),
  history: loadPart('features/cases/history-section', () => import('./history-section')),
} satisfies Partial<Record<CaseSection, () => Promise<unknown>>>;

function lazyTab<Props, Module>(
  load: () => Promise<Module>,
  pick: (module: Module) => ComponentType<Props>,
): ComponentType<Props> {
  return lazy(async () => ({ default: pick(await load()) }));
}

const ContactsTab = lazyTab(tabLoaders.contacts, (module) => module.ContactsTab);
const WhatMattersTab = lazyTab(tabLoaders['what-matters'], (module) => module.WhatMattersTab);
const PlanTab = lazyTab(tabLoaders.plan, (module) => module.PlanTab);
const ConnectionsTab = lazyTab(tabLoaders.connections, (module) => module.ConnectionsTab);
const OutcomesTab = lazyTab(tabLoaders.outcomes, (module) => module.OutcomesTab);
const HistorySection = lazyTab(tabLoaders.history, (module) => module.HistorySection);

function preloadTab(section: CaseSection): void {
  if (section in tabLoaders) void tabLoaders[section as keyof typeof tabLoaders]();
}

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
        if (next && isCaseSection(next)) navigate(caseSectionPath(detail.id, next));
      }}
      keepMounted={false}
    >
      <Tabs.List aria-label={t('cases.sections.label')}>
        {caseSections.map((name) => (
          <Tabs.Tab
            key={name}
            value={name}
            onMouseEnter={() => preloadTab(name)}
            onFocus={() => preloadTab(name)}
          >
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
          <PersonRecordSection caseId={detail.id} />
        </Stack>
      </Tabs.Panel>

      <Tabs.Panel value="contacts" pt="lg">
        <Suspense fallback={<PageLoader />}>
          <ContactsTab detail={detail} />
        </Suspense>
      </Tabs.Panel>

      <Tabs.Panel value="what-matters" pt="lg">
        <Suspense fallback={<PageLoader />}>
          <WhatMattersTab caseId={detail.id} />
        </Suspense>
      </Tabs.Panel>

      <Tabs.Panel value="plan" pt="lg">
        <Suspense fallback={<PageLoader />}>
          <PlanTab detail={detail} />
        </Suspense>
      </Tabs.Panel>

      <Tabs.Panel value="connections" pt="lg">
        <Suspense fallback={<PageLoader />}>
          <ConnectionsTab detail={detail} />
        </Suspense>
      </Tabs.Panel>

      <Tabs.Panel value="outcomes" pt="lg">
        <Suspense fallback={<PageLoader />}>
          <OutcomesTab detail={detail} />
        </Suspense>
      </Tabs.Panel>

      <Tabs.Panel value="history" pt="lg">
        <Suspense fallback={<PageLoader />}>
          <HistorySection detail={detail} />
        </Suspense>
      </Tabs.Panel>
    </Tabs>
  );
}
