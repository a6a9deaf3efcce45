import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import { type OutcomesReport, outcomeGroupDimensions } from '../../../shared/contracts/reports';
import { useT } from '../../i18n';
import { type OutcomeTable, measureTable, outcomeTables } from './outcome-tables';
import { type OutcomeFilters, fetchOutcomeGroups } from './reports-api';

type Kind = 'xlsx' | 'csv';

/** Hands a file made in the page to the browser's download, under its name. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click starts the download at once; the address is freed once it has.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** With a byte-order mark, so a spreadsheet opening the file reads its accents as UTF-8. */
async function csvBlob(table: OutcomeTable): Promise<Blob> {
  // The CSV writer, like the spreadsheet's, loads on the first download only.
  const { writeCsvRows } = await import('../../../shared/csv');
  const text = writeCsvRows([table.columns, ...table.rows], '\r\n');
  return new Blob([`\uFEFF${text}\r\n`], { type: 'text/csv;charset=utf-8' });
}

async function xlsxBlob(tables: OutcomeTable[]): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  return writeXlsxFile(
    tables.map((table) => ({
      sheet: table.name,
      stickyRowsCount: 1,
      columns: table.columns.map((_, index) => ({ width: index === 0 ? 32 : 16 })),
      data: [table.columns.map((value) => ({ value, fontWeight: 'bold' as const })), ...table.rows],
    })),
  ).toBlob();
}

/**
 * The outcomes page's tables as files: every table in a spreadsheet, one sheet each, or
 * the change on each measure as CSV. Made from the same answers as the page, so the files
 * hold exactly its figures, under the same protection.
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
  const [state, setState] = useState<'idle' | Kind | 'failed'>('idle');

  async function download(kind: Kind): Promise<void> {
    setState(kind);
    try {
      const groups = await Promise.all(
        outcomeGroupDimensions.map((dimension) => fetchOutcomeGroups(client, filters, dimension)),
      );
      const tables = outcomeTables(t, locale, report, groups);
      const name = `passerelle-outcomes-${report.scope.period}-${locale}.${kind}`;
      saveFile(await (kind === 'csv' ? csvBlob(measureTable(tables)) : xlsxBlob(tables)), name);
      setState('idle');
    } catch {
      setState('failed');
    }
  }

  const busy = state === 'xlsx' || state === 'csv';
  // Links rather than buttons: their long names wrap on a phone.
  const link = (kind: Kind): ReactElement => (
    <Anchor component="button" type="button" disabled={busy} onClick={() => void download(kind)}>
      {t(kind === 'xlsx' ? 'reports.download.xlsx' : 'reports.download.csv')}
    </Anchor>
  );
  return (
    <Stack gap={4}>
      {link('xlsx')}
      {link('csv')}
      <Text size="sm" c="dimmed">
        {t('reports.download.help')}
      </Text>
      <Text size="sm" aria-live="polite">
        {busy ? t('reports.download.preparing') : ''}
      </Text>
      {state === 'failed' && (
        <Alert color="red" role="alert">
          {t('reports.download.failed')}
        </Alert>
      )}
    </Stack>
  );
}
