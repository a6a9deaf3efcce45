import { Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import { AssessmentSection } from '../plans';

/** The case's "what matters" tab: its code comes when the tab is first opened (case-page.tsx). */
export function WhatMattersTab({ caseId }: { caseId: string }): ReactElement {
  return (
    <Stack gap="xl">
      <AssessmentSection caseId={caseId} />
    </Stack>
  );
}
