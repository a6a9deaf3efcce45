import { Anchor, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { Link } from '../../navigation';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { PageSection } from '../../components/page-section';
import { useT } from '../../i18n';
import { caseSectionPath } from './case-sections';

/**
 * A section that starts once the person said yes to support: until then, a sentence saying
 * so, and where to record their answer, instead of its forms.
 */
export function AfterAcceptance({
  detail,
  title,
  children,
}: {
  detail: CaseDetail;
  title: string;
  children: ReactNode;
}): ReactElement {
  const { t } = useT();
  if (detail.acceptance !== 'awaiting') return <>{children}</>;
  return (
    <PageSection id="case-awaiting-acceptance" title={title}>
      <Text>
        {t('cases.sections.awaitingAcceptance')}{' '}
        <Anchor component={Link} to={caseSectionPath(detail.id, 'overview')}>
          {t('cases.sections.recordAnswer')}
        </Anchor>
      </Text>
    </PageSection>
  );
}
