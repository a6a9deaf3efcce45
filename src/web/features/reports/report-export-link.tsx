import { Anchor, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { type ReportFilters, exportUrl } from './reports-api';

export function ReportExportLink({ filters }: { filters: ReportFilters }): ReactElement {
  const { t } = useT();
  return (
    <Stack gap={4}>
      <Anchor href={exportUrl(filters)} download>
        {t('reports.export')}
      </Anchor>
      <Text size="sm" c="dimmed">
        {t('reports.exportHelp')}
      </Text>
    </Stack>
  );
}
