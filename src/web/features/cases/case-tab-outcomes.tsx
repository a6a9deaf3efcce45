import type { ReactElement } from 'react';
import { CaseOutcomesSection } from '../outcomes';

/**
 * The case's outcomes tab: its code (the instruments, their schemas and the number fields)
 * comes when the tab is first opened (case-page.tsx).
 */
export function OutcomesTab({ caseId }: { caseId: string }): ReactElement {
  return <CaseOutcomesSection caseId={caseId} />;
}
