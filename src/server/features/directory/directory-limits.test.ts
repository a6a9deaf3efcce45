import { describe, expect, it } from 'vitest';
import { exampleFiles } from '../../../../test/helpers/hsds';
import { translatorFor } from '../../platform/i18n';
import { loadDemoDirectory } from './data/demo-directory';
import { generateSyntheticDirectory } from './data/synthetic-directory';
import { datasetLimitIssues, recordLimitIssues } from './directory-limits';
import { hsdsSchemasOf, readHsdsFiles } from './hsds';

const t = translatorFor('en');

function limitIssuesOf(files: Record<string, string>, version: '3.0' | '3.1') {
  const read = readHsdsFiles(
    hsdsSchemasOf(version),
    Object.entries(files).map(([name, content]) => ({ name, content })),
  );
  expect(read.issues).toEqual([]);
  return datasetLimitIssues(read, t);
}

describe("Passerelle's limits on directory records", () => {
  it.each([
    ['3.1/examples', '3.1'],
    ['3.1/examples/csv', '3.1'],
    ['3.0/examples', '3.0'],
    ['3.0/examples/csv', '3.0'],
  ] as const)('keep every record of the official examples in %s', (folder, version) => {
    expect(limitIssuesOf(exampleFiles(folder), version)).toEqual([]);
  });

  it('keep every record of the demo directory and of 2,000 synthetic services', () => {
    const demo = loadDemoDirectory();
    expect(limitIssuesOf({ 'demo.json': JSON.stringify(demo.services) }, '3.1')).toEqual([]);
    const synthetic = [...generateSyntheticDirectory({ count: 2000, seed: 42 })].map(
      (listing) => listing.service,
    );
    expect(limitIssuesOf({ 'synthetic.json': JSON.stringify(synthetic) }, '3.1')).toEqual([]);
  });

  it('name each field beyond them, with the reason', () => {
    const schedule = {
      id: 's',
      valid_from: '2024-02-30',
      valid_to: '2024-13-45',
      opens_at: '25:00',
      closes_at: '09:00',
      byday: 'XX,YY',
    };
    expect(recordLimitIssues('schedule', schedule, t).map((i) => i.field)).toEqual([
      'valid_from',
      'valid_to',
      'opens_at',
      'byday',
      'closes_at',
    ]);
    const reversed = {
      id: 's',
      opens_at: '17:00',
      closes_at: '09:00:00',
      valid_from: '2025-02-01',
      valid_to: '2025-01-01',
    };
    expect(recordLimitIssues('schedule', reversed, t)).toEqual([
      { field: 'valid_to', reason: 'The end date must not be before the start date.' },
      {
        field: 'closes_at',
        reason:
          'The closing time must come after the opening time (a schedule past midnight is two schedules).',
      },
    ]);
    const service = {
      id: 'x',
      name: 'n'.repeat(301),
      description: 'd'.repeat(5001),
      minimum_age: 90,
      maximum_age: 10,
    };
    expect(recordLimitIssues('service', service, t)).toEqual([
      { field: 'name', reason: 'Must be at most 300 characters.' },
      { field: 'description', reason: 'Must be at most 5000 characters.' },
      { field: 'maximum_age', reason: 'The maximum age must not be below the minimum age.' },
    ]);
    expect(recordLimitIssues('service_area', { id: 'a', extent: 'x'.repeat(10_000) }, t)).toEqual(
      [],
    );
  });
});
