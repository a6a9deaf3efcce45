import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { unguardCsvText, writeCsvRows } from './csv';

const read = (csv: string): string[][] => Papa.parse<string[]>(csv).data;

describe('the CSV writer', () => {
  it.each(['=SUM(A1)', '+1 555', '-5', '@cmd', '\tcalc', '\r=1', '=1\n+2'])(
    'quotes %j behind a single quote, so a spreadsheet shows it as text',
    (text) => {
      const [[cell]] = read(writeCsvRows([[text]], '\n')) as [[string]];
      expect(cell).toBe(`'${text}`);
      expect(writeCsvRows([[text]], '\n').startsWith(`"'`)).toBe(true);
    },
  );

  it('leaves numbers as numbers and ordinary text as it is', () => {
    expect(writeCsvRows([[-73.5, 'Café', "l'atelier", 0]], '\r\n')).toBe("-73.5,Café,l'atelier,0");
  });

  it.each(['=SUM(A1)', '-5', "'=quoted", "''", "'", "'plain", 'plain', '', "''=x"])(
    'gives %j back exactly once read and unguarded',
    (text) => {
      const [[cell]] = read(writeCsvRows([[text, 'x']], '\n')) as [[string]];
      expect(unguardCsvText(cell)).toBe(text);
    },
  );
});
