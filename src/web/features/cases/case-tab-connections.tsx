import type { ReactElement } from 'react';
import { CaseConnectionsSection } from '../connections';

/** The case's connections tab: its code comes when the tab is first opened (case-page.tsx). */
export function ConnectionsTab({ caseId }: { caseId: string }): ReactElement {
  return <CaseConnectionsSection caseId={caseId} />;
}
