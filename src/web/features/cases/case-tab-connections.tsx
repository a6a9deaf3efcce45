import type { ReactElement } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { useT } from '../../i18n';
import { CaseConnectionsSection } from '../connections';
import { AfterAcceptance } from './after-acceptance';

/** The case's connections tab: its code comes when the tab is first opened (case-page.tsx). */
export function ConnectionsTab({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  return (
    <AfterAcceptance detail={detail} title={t('connections.title')}>
      <CaseConnectionsSection caseId={detail.id} />
    </AfterAcceptance>
  );
}
