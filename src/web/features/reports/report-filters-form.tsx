import { Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { type ReportFilters, useReportSites } from './reports-api';

export function ReportFiltersForm({
  filters,
  onChange,
}: {
  filters: ReportFilters;
  onChange: (filters: ReportFilters) => void;
}): ReactElement {
  const { t } = useT();
  const sites = useReportSites();
  return (
    <Stack component="form" role="search" aria-label={t('reports.filtersLabel')} gap="sm">
      {sites.data && sites.data.items.length > 1 && (
        <Checkbox.Group
          label={t('reports.sites')}
          description={t('reports.sitesHelp')}
          value={filters.siteIds}
          onChange={(siteIds) => onChange({ ...filters, siteIds })}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing={4} mt="xs">
            {sites.data.items.map((site) => (
              <Checkbox key={site.id} value={site.id} label={site.name} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      )}
      <Group gap="sm" align="flex-end">
        <TextInput
          label={t('reports.from')}
          type="date"
          value={filters.from}
          onChange={(event) => onChange({ ...filters, from: event.currentTarget.value })}
          w={{ base: '100%', sm: 180 }}
        />
        <TextInput
          label={t('reports.to')}
          type="date"
          value={filters.to}
          onChange={(event) => onChange({ ...filters, to: event.currentTarget.value })}
          w={{ base: '100%', sm: 180 }}
        />
      </Group>
    </Stack>
  );
}
