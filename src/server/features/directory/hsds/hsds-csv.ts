import Papa from 'papaparse';
import { type CsvCell, unguardCsvText, writeCsvRows } from '../../../../shared/csv';
import type { EntityModel } from './hsds-schemas';
import type { HsdsEntityType, HsdsRecord } from './hsds-types';

/** The entity type a CSV file of the tabular package holds, by the file names the schemas give. */
export function entityTypeOfCsv(
  models: Map<HsdsEntityType, EntityModel>,
  fileName: string,
): HsdsEntityType | undefined {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  for (const model of models.values()) {
    if (model.csvFile === base || `${model.type}.csv` === base || `${model.type}s.csv` === base) {
      return model.type;
    }
  }
  return undefined;
}

export type CsvRow = { row: number; value: Record<string, unknown> };

/** Rows of one CSV file typed by the schema: numbers become numbers, empty cells are absent. */
export function parseCsv(model: EntityModel, content: string): { rows: CsvRow[]; error?: string } {
  const parsed = Papa.parse<Record<string, string>>(content.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    // Our own export guards formula-like text (platform/csv.ts): read it as it was.
    transform: unguardCsvText,
  });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
  if (fatal) return { rows: [], error: `${fatal.message} (row ${(fatal.row ?? 0) + 2})` };
  // Row numbers are lines of the file: the header is line 1.
  const rows = parsed.data.map((cells, i) => ({ row: i + 2, value: typeCells(model, cells) }));
  return { rows };
}

/** A creation has no previous value: in a metadata row an empty cell is an empty value, not a missing one. */
function emptyIsAValue(model: EntityModel, column: string): boolean {
  return (
    model.type === 'metadata' && (column === 'previous_value' || column === 'replacement_value')
  );
}

/** Cells as text, then typed by the schema: what a CSV reader sees whatever the source. */
export function typeCells(
  model: EntityModel,
  cells: Record<string, unknown>,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(cells)) {
    const cell = cellOf(raw);
    if (column === '__parsed_extra') continue;
    if (cell === '' && !emptyIsAValue(model, column)) continue;
    if (model.numberFields.has(column)) {
      const number = Number(cell.trim());
      value[column] = Number.isFinite(number) && cell.trim() !== '' ? number : cell;
    } else value[column] = cell;
  }
  return value;
}

/** One CSV file of the package: the schema's columns in the schema's order, then any others. */
export function writeCsv(model: EntityModel, records: HsdsRecord[]): string {
  const extra = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) if (!model.fields.includes(key)) extra.add(key);
  }
  const columns = [...model.fields, ...extra];
  const data = records.map((record) =>
    columns.map((column): CsvCell => {
      const value = record[column];
      // Numbers of numeric columns stay numbers; everything else is text, guarded as text.
      return model.numberFields.has(column) && typeof value === 'number' ? value : cellOf(value);
    }),
  );
  return writeCsvRows([columns, ...data], '\n');
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
