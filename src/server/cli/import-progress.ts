import type { ImportPhase, ImportStep } from '../features/directory';

/**
 * Progress lines for a long import on the command line: one per file read (with the
 * records it held, each checked against the schemas), and one per tenth of the records
 * written, so a large import shows it is moving without flooding the terminal.
 */
export function progressPrinter(
  print: (line: string) => void,
): (done: number, total: number, phase: ImportPhase, step?: ImportStep) => void {
  let writtenTenth = -1;
  return (done, total, phase, step) => {
    if (phase === 'read') {
      const file = step?.file ? ` ${step.file}` : '';
      const records =
        step?.records === undefined ? '' : ` (${step.records} records read and checked)`;
      print(`read ${done}/${total} files:${file}${records}`);
      return;
    }
    const tenth = Math.floor((done / Math.max(total, 1)) * 10);
    if (tenth <= writtenTenth) return;
    writtenTenth = tenth;
    const percent = Math.round((done / Math.max(total, 1)) * 100);
    const table = step?.type ? ` (${step.type})` : '';
    print(`write ${done}/${total} records written, ${percent}%${table}`);
  };
}
