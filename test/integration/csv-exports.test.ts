import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sites } from '../../src/server/db/schema';
import { hsdsSchemasOf, readHsdsFiles } from '../../src/server/features/directory';
import type { DirectoryImportReport } from '../../src/shared/contracts/directory';
import { Client, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeCase, makeSite } from '../helpers/factories';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  const account = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  admin = await signedInClient(t.app, account);
});
afterAll(() => t.close());

/** Text a spreadsheet runs as a formula (OWASP CSV injection), and near misses it must keep. */
const formulas = ['=SUM(A1)', '-5', '+1 613 555 0142', '@cmd', '\tcalc', '\r=1', "'=quoted"];

/** Every cell of a CSV file, as a spreadsheet would read it. */
function cellsOf(csv: string): string[] {
  return Papa.parse<string[]>(csv, { skipEmptyLines: true }).data.flat();
}

function expectNoFormula(csv: string): void {
  for (const cell of cellsOf(csv)) {
    // A number (a longitude) is not text: it stays a number.
    if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
    expect(cell, 'a cell a spreadsheet would run').not.toMatch(/^[=+\-@\t\r]/);
  }
}

describe('the directory CSV package', () => {
  const ids = { service: randomUUID(), organization: randomUUID(), location: randomUUID() };
  const service = {
    id: ids.service,
    name: formulas[0],
    alternate_name: formulas[1],
    description: formulas.join(' | '),
    email: 'hello@example.org',
    status: 'active',
    application_process: formulas[3],
    fees_description: formulas[4],
    accreditations: formulas[5],
    eligibility_description: formulas[6],
    alert: formulas[2],
    last_modified: '2025-01-15T10:00:00Z',
    organization: { id: ids.organization, name: '@Club', description: '+Club de marche' },
    service_at_locations: [
      {
        id: randomUUID(),
        location: {
          id: ids.location,
          location_type: 'physical',
          name: '-Salle paroissiale',
          latitude: 45.42,
          longitude: -73.5,
        },
      },
    ],
  };

  beforeAll(async () => {
    const imported = await admin.post('/api/directory/imports', {
      format: 'json',
      files: { 'service_list.json': JSON.stringify({ contents: [service] }) },
    });
    expect(imported.json<DirectoryImportReport>()).toMatchObject({ status: 'imported' });
  });

  async function exported(): Promise<Record<string, string>> {
    const response = await admin.get('/api/directory/exports/csv');
    expect(response.statusCode).toBe(200);
    return response.json<{ files: Record<string, string> }>().files;
  }

  it('writes no cell a spreadsheet would run, and keeps numbers numbers', async () => {
    const files = await exported();
    for (const [name, csv] of Object.entries(files))
      if (name.endsWith('.csv')) expectNoFormula(csv);
    const services = files['services.csv'] ?? '';
    expect(services).toContain(`"'=SUM(A1)"`);
    expect(services).toContain(`"'-5"`);
    expect(files['locations.csv']).toMatch(/,-73\.5(,|\n|$)/);
  });

  it('reads its own package back exactly: an import changes nothing', async () => {
    const files = await exported();
    const read = readHsdsFiles(
      hsdsSchemasOf('3.1'),
      Object.entries(files).map(([name, content]) => ({ name, content })),
    );
    expect(read.issues).toEqual([]);
    expect(read.dataset.get('service')?.get(ids.service)).toMatchObject({
      name: service.name,
      alternate_name: service.alternate_name,
      description: service.description,
      application_process: service.application_process,
      fees_description: service.fees_description,
      accreditations: service.accreditations,
      eligibility_description: service.eligibility_description,
      alert: service.alert,
    });
    expect(read.dataset.get('location')?.get(ids.location)).toMatchObject({
      name: '-Salle paroissiale',
      longitude: -73.5,
    });
    const again = await admin.post('/api/directory/imports', { format: 'csv', files });
    const report = again.json<DirectoryImportReport>();
    expect(report).toMatchObject({ status: 'imported', issues: [] });
    expect(report.changes.service).toMatchObject({ created: 0, updated: 0 });
    expect(report.changes.location).toMatchObject({ created: 0, updated: 0 });
  });
});

describe('the research export', () => {
  it('writes no cell a spreadsheet would run', async () => {
    const site = await makeSite(t.database.db);
    await t.database.db
      .update(sites)
      .set({ name: '=HYPERLINK("http://evil.example","x")' })
      .where(eq(sites.id, site.id));
    await makeCase(t.database.db, site.id);
    const response = await admin.get('/api/reports/export.csv');
    expect(response.statusCode).toBe(200);
    expectNoFormula(response.body);
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});
