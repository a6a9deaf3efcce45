import { useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { type OutcomesReport, outcomeGroupDimensions } from '../../../shared/contracts/reports';
import { useT } from '../../i18n';
import { measureTable, outcomeTables } from './outcome-tables';
import { type OutcomeFilters, fetchOutcomeGroups } from './reports-api';
import { TableDownloads } from './table-downloads';

/**
 * The outcomes page's tables as files: every table in a spreadsheet, one sheet each, or
 * the change on each measure as CSV.
 */
export function OutcomeDownloads({
  filters,
  report,
}: {
  filters: OutcomeFilters;
  report: OutcomesReport;
}): ReactElement {
  const { t, locale } = useT();
  const client = useQueryClient();
  const files = async () => {
    const groups = await Promise.all(
      outcomeGroupDimensions.map((dimension) => fetchOutcomeGroups(client, filters, dimension)),
    );
    const sheets = outcomeTables(t, locale, report, groups);
    return { sheets, csv: measureTable(sheets) };
  };
  return (
    <TableDownloads
      files={files}
      fileName={`passerelle-outcomes-${report.scope.period}-${locale}`}
      labels={{
        xlsx: t('reports.download.xlsx'),
        csv: t('reports.download.csv'),
        help: t('reports.download.help'),
      }}
    />
  );
}
