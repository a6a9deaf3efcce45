import { Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { CaseAppointmentsSection, CaseNotesSection } from '../case-records';
import { ContactsSection } from './contacts-section';

/** The case's contacts tab: its code comes when the tab is first opened (case-page.tsx). */
export function ContactsTab({ detail }: { detail: CaseDetail }): ReactElement {
  return (
    <Stack gap="xl">
      <ContactsSection detail={detail} />
      <CaseAppointmentsSection caseId={detail.id} />
      <CaseNotesSection caseId={detail.id} />
    </Stack>
  );
}
