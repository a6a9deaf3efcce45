import Papa from 'papaparse';

/** A text cell, or a number that stays a number (a spreadsheet runs no number). */
export type CsvCell = string | number | null | undefined;

/**
 * OWASP CSV injection: text starting with =, +, -, @, tab or CR is a formula to a
 * spreadsheet, so it goes out quoted behind a single quote. A leading quote before one of
 * those or before another quote gets one too, so that unguardCsvText gives back exactly
 * what was written, whatever it was.
 */
const needsGuard = /^(?:[=+\-@\t\r]|'[=+\-@\t\r'])/;
const guard = /^'(?=[=+\-@\t\r'])/;

/** Rows as CSV lines (no trailing newline): the one CSV writer of the app. */
export function writeCsvRows(
  rows: readonly (readonly CsvCell[])[],
  newline: '\n' | '\r\n',
): string {
  return Papa.unparse(
    rows.map((row) => [...row]),
    { newline, escapeFormulae: needsGuard },
  );
}

/** A text cell of a CSV file this app wrote, as it was before its guard. */
export function unguardCsvText(cell: string): string {
  return cell.replace(guard, '');
}
