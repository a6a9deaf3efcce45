import { Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { useT } from '../../i18n';
import { FollowUpsSection, PlanSection } from '../plans';
import { AfterAcceptance } from './after-acceptance';

/** The case's plan tab: its code comes when the tab is first opened (case-page.tsx). */
export function PlanTab({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  return (
    <AfterAcceptance detail={detail} title={t('plans.plan.title')}>
      <Stack gap="xl">
        <PlanSection caseId={detail.id} />
        <FollowUpsSection caseId={detail.id} />
      </Stack>
    </AfterAcceptance>
  );
}
