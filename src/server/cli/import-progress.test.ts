import { describe, expect, it } from 'vitest';
import { progressPrinter } from './import-progress';

describe('progressPrinter', () => {
  it('prints each file read with its records, then each tenth of the records written', () => {
    const lines: string[] = [];
    const report = progressPrinter((line) => lines.push(line));
    report(1, 2, 'read', { file: 'organization.csv', records: 3 });
    report(2, 2, 'read', { file: 'service.csv', records: 40 });
    for (let done = 1; done <= 40; done += 1) report(done, 40, 'write', { type: 'service' });
    expect(lines.slice(0, 2)).toEqual([
      'read 1/2 files: organization.csv (3 records read and checked)',
      'read 2/2 files: service.csv (40 records read and checked)',
    ]);
    const written = lines.slice(2);
    expect(written).toHaveLength(11);
    expect(written[0]).toBe('write 1/40 records written, 3% (service)');
    expect(written.at(-1)).toBe('write 40/40 records written, 100% (service)');
  });
});
