import { Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { PageSection } from '../../components/page-section';
import { methodsParts } from '../../../shared/report-notation';
import { useT } from '../../i18n';

/**
 * The methods note: how the figures on this page are protected (shared/statistics/disclosure.ts),
 * how scores are paired (report-expressions.ts, outcomePairs), attrition and the headline shares.
 */
export function ReportMethods(): ReactElement {
  const { t } = useT();
  return (
    <PageSection id="reports-methods" title={t('reports.methods.title')}>
      <Stack gap="xs">
        {methodsParts.map((part) => (
          <Text key={part} size="sm">
            {t(`reports.methods.${part}`)}
          </Text>
        ))}
      </Stack>
    </PageSection>
  );
}
