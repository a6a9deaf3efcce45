import { Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { PageSection } from '../../components/page-section';
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
        {(
          [
            'periods',
            'rounding',
            'rows',
            'outcomes',
            'pairing',
            'timepoints',
            'window',
            'attrition',
            'headlines',
            'groups',
            'export',
          ] as const
        ).map((part) => (
          <Text key={part} size="sm">
            {t(`reports.methods.${part}`)}
          </Text>
        ))}
      </Stack>
    </PageSection>
  );
}
