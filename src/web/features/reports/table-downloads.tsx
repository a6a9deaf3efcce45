import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { useT } from '../../i18n';

/** A cell of a downloaded table: numbers stay numbers, a hidden figure is empty. */
export type TableCell = string | number | null;

/** One table of a page, as a sheet of the spreadsheet or a CSV file. */
export type SheetTable = { name: string; columns: string[]; rows: TableCell[][] };

export type FileKind = 'xlsx' | 'csv';

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
async function csvBlob(table: SheetTable): Promise<Blob> {
  // The CSV writer, like the spreadsheet's, loads on the first download only.
  const { writeCsvRows } = await import('../../../shared/csv');
  const text = writeCsvRows([table.columns, ...table.rows], '\r\n');
  return new Blob([`\uFEFF${text}\r\n`], { type: 'text/csv;charset=utf-8' });
}

async function xlsxBlob(tables: SheetTable[]): Promise<Blob> {
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

/** What a page offers to download: every table as a spreadsheet, its main one as CSV. */
export type PageFiles = { sheets: SheetTable[]; csv: SheetTable };

/**
 * A page's tables as files, made in the page from the answers it shows: the files hold
 * exactly its figures, under the same protection. Links rather than buttons: their long
 * names wrap on a phone.
 */
export function TableDownloads({
  files,
  fileName,
  labels,
}: {
  files: () => Promise<PageFiles> | PageFiles;
  /** The file's name without its extension. */
  fileName: string;
  labels: Record<FileKind | 'help', string>;
}): ReactElement {
  const { t } = useT();
  const [state, setState] = useState<'idle' | FileKind | 'failed'>('idle');

  async function download(kind: FileKind): Promise<void> {
    setState(kind);
    try {
      const { sheets, csv } = await files();
      saveFile(await (kind === 'csv' ? csvBlob(csv) : xlsxBlob(sheets)), `${fileName}.${kind}`);
      setState('idle');
    } catch {
      setState('failed');
    }
  }

  const busy = state === 'xlsx' || state === 'csv';
  const link = (kind: FileKind): ReactElement => (
    <Anchor component="button" type="button" disabled={busy} onClick={() => void download(kind)}>
      {labels[kind]}
    </Anchor>
  );
  return (
    <Stack gap={4}>
      {link('xlsx')}
      {link('csv')}
      <Text size="sm" c="dimmed">
        {labels.help}
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
