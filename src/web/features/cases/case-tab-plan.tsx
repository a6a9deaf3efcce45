import { Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import { FollowUpsSection, PlanSection } from '../plans';

/** The case's plan tab: its code comes when the tab is first opened (case-page.tsx). */
export function PlanTab({ caseId }: { caseId: string }): ReactElement {
  return (
    <Stack gap="xl">
      <PlanSection caseId={caseId} />
      <FollowUpsSection caseId={caseId} />
    </Stack>
  );
}
