import type { ReactElement } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { useT } from '../../i18n';
import { CaseOutcomesSection } from '../outcomes';
import { AfterAcceptance } from './after-acceptance';

/**
 * The case's outcomes tab: its code (the instruments, their schemas and the number fields)
 * comes when the tab is first opened (case-page.tsx).
 */
export function OutcomesTab({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  return (
    <AfterAcceptance detail={detail} title={t('outcomes.title')}>
      <CaseOutcomesSection caseId={detail.id} />
    </AfterAcceptance>
  );
}
