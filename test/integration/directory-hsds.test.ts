import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, directoryMetadata, directoryServices } from '../../src/server/db/schema';
import { hsdsSchemasOf, readHsdsFiles } from '../../src/server/features/directory';
import type { DirectoryImportReport } from '../../src/shared/contracts/directory';
import { categories } from '../../src/shared/directory-categories';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount } from '../helpers/factories';
import { compiledValidator, exampleFiles, responseValidator } from '../helpers/hsds';
import { yearAhead } from '../helpers/site-day';
const inFourYears = yearAhead(4);

let t: TestApp;
let admin: Client;
let adminEmail: string;
let adminId: string;

beforeAll(async () => {
  t = await startTestApp();
  const account = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  adminId = account.id;
  adminEmail = account.email;
  admin = await signedInClient(t.app, account);
});
afterAll(() => t.close());

async function importFiles(
  files: Record<string, string>,
  format: 'json' | 'csv',
  version?: '3.0' | '3.1',
): Promise<DirectoryImportReport> {
  const response = await admin.post('/api/directory/imports', {
    format,
    files,
    ...(version ? { version } : {}),
  });
  expect(response.statusCode).toBe(200);
  return response.json<DirectoryImportReport>();
}

const category = (key: string): string => {
  const found = categories.find((c) => c.key === key);
  if (!found) throw new Error(`no category ${key}`);
  return found.id;
};

/** A small directory of our own: two organizations, three services, places with postcodes. */
function ourDirectory() {
  const tag = `t${randomUUID().slice(0, 8)}`;
  const postcode = (n: number) =>
    `${tag.slice(1, 4).toUpperCase()} ${n}${tag.slice(4, 6).toUpperCase()}`;
  const ids = {
    tag,
    near: postcode(1),
    hall: postcode(2),
    library: randomUUID(),
    club: randomUUID(),
    garden: randomUUID(),
    walk: randomUUID(),
    choir: randomUUID(),
  };
  const place = (name: string, postcode: string, latitude: number, longitude: number) => {
    const location = randomUUID();
    return {
      id: randomUUID(),
      location: {
        id: location,
        location_type: 'physical',
        name,
        latitude,
        longitude,
        addresses: [
          {
            id: randomUUID(),
            address_1: '1 Main Street',
            city: 'Ottawa',
            state_province: 'ON',
            postal_code: postcode,
            country: 'CA',
            address_type: 'physical',
          },
        ],
      },
    };
  };
  const service = (
    id: string,
    name: string,
    organization: { id: string; name: string },
    categoryKey: string,
    at: ReturnType<typeof place>,
  ) => ({
    id,
    name,
    description: `${name}: a community activity (${tag})`,
    status: 'active',
    last_modified: '2025-01-15T10:00:00Z',
    organization: { ...organization, description: `${organization.name}, Ottawa (${tag})` },
    attributes: [{ id: randomUUID(), taxonomy_term_id: category(categoryKey) }],
    service_at_locations: [at],
  });
  const library = { id: ids.library, name: 'Public Library' };
  const club = { id: ids.club, name: 'Neighbourhood Club' };
  const list = {
    contents: [
      service(
        ids.garden,
        'Community garden',
        library,
        'nature',
        place('Library garden', postcode(1), 45.42, -75.69),
      ),
      service(
        ids.walk,
        'Garden walking group',
        club,
        'physical',
        place('Club hall', postcode(2), 45.41, -75.7),
      ),
      service(
        ids.choir,
        'Community choir',
        club,
        'arts',
        place('Far hall', postcode(3), 46.5, -80.99),
      ),
    ],
  };
  return { ids, file: { 'service_list.json': JSON.stringify(list) } };
}

describe('importing HSDS', () => {
  it.each([
    ['3.1/examples', 'json', '3.1'],
    ['3.1/examples/csv', 'csv', '3.1'],
    ['3.0/examples', 'json', '3.0'],
    ['3.0/examples/csv', 'csv', '3.0'],
  ] as const)('imports the official examples in %s', async (folder, format, version) => {
    const report = await importFiles(exampleFiles(folder), format, version);
    expect(report.issues).toEqual([]);
    expect(report.status).toBe('imported');
    expect(report.version).toBe(version);
    expect(report.changes.service).toBeDefined();
  });

  it('reports every bad record with its file, row or path, field and reason, and writes nothing', async () => {
    const services = exampleFiles('3.1/examples/csv')['services.csv'] ?? '';
    const parsed = Papa.parse<Record<string, string>>(services, {
      header: true,
      skipEmptyLines: true,
    });
    const good = parsed.data[0] ?? {};
    const badCsv = Papa.unparse({
      fields: parsed.meta.fields ?? [],
      data: [
        { ...good, id: randomUUID(), name: '' },
        { ...good, id: randomUUID(), minimum_age: 'twelve' },
      ],
    });
    const badJson = JSON.stringify({ contents: [{ id: randomUUID(), name: 'No status' }] });
    const before = {
      services: await t.database.db.$count(directoryServices),
      metadata: await t.database.db.$count(directoryMetadata),
    };
    const { file: good2 } = ourDirectory();
    const report = await importFiles({ 'services.csv': badCsv }, 'csv');
    expect(report.status).toBe('rejected');
    expect(report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'services.csv',
          row: 2,
          field: 'name',
          reason: "must have required property 'name'",
        }),
        expect.objectContaining({
          file: 'services.csv',
          row: 3,
          field: 'minimum_age',
          reason: 'must be number',
        }),
      ]),
    );
    const mixed = await importFiles({ ...good2, 'bad_services.json': badJson }, 'json');
    expect(mixed.status).toBe('rejected');
    expect(mixed.issues).toEqual([
      expect.objectContaining({
        file: 'bad_services.json',
        path: '/contents/0/status',
        field: 'status',
      }),
    ]);
    expect(await t.database.db.$count(directoryServices)).toBe(before.services);
    expect(await t.database.db.$count(directoryMetadata)).toBe(before.metadata);
  });

  it('refuses what no listing can hold, naming each record and field, and writes nothing', async () => {
    const { ids, file } = ourDirectory();
    const list = JSON.parse(file['service_list.json'] ?? '{}') as {
      contents: Record<string, unknown>[];
    };
    const [garden, walk, choir] = list.contents;
    if (!garden || !walk || !choir) throw new Error('three services');
    garden.name = 'N'.repeat(1024 * 1024);
    walk.description = 'D'.repeat(5 * 1024 * 1024);
    choir.minimum_age = 90;
    choir.maximum_age = 10;
    choir.schedules = [
      {
        id: randomUUID(),
        valid_from: '2024-02-30',
        valid_to: '2024-13-45',
        opens_at: '25:00',
        byday: 'XX,YY',
      },
      { id: randomUUID(), opens_at: '17:00', closes_at: '09:00', byday: 'MO' },
    ];
    const before = {
      services: await t.database.db.$count(directoryServices),
      metadata: await t.database.db.$count(directoryMetadata),
    };
    const report = await importFiles({ 'service_list.json': JSON.stringify(list) }, 'json');
    expect(report.status).toBe('rejected');
    const where = (path: string, field: string, reason: RegExp) =>
      expect.objectContaining({
        file: 'service_list.json',
        path,
        field,
        reason: expect.stringMatching(reason),
      });
    expect(report.issues).toEqual(
      expect.arrayContaining([
        where('/contents/0', 'name', /at most 300 characters/),
        where('/contents/1', 'description', /at most 5000 characters/),
        where('/contents/2', 'maximum_age', /maximum age must not be below the minimum/),
        where('/contents/2', 'valid_from', /date the calendar has/),
        where('/contents/2', 'valid_to', /date the calendar has/),
        where('/contents/2', 'opens_at', /time of day from 00:00 to 23:59/),
        where('/contents/2', 'byday', /two-letter codes/),
        where('/contents/2', 'closes_at', /closing time must come after the opening/),
      ]),
    );
    expect(report.issues).toHaveLength(8);
    const services = exampleFiles('3.1/examples/csv')['services.csv'] ?? '';
    const parsed = Papa.parse<Record<string, string>>(services, {
      header: true,
      skipEmptyLines: true,
    });
    const orphan = Papa.unparse({
      fields: parsed.meta.fields ?? [],
      data: [{ ...(parsed.data[0] ?? {}), id: randomUUID(), organization_id: randomUUID() }],
    });
    const orphaned = await importFiles({ 'services.csv': orphan }, 'csv');
    expect(orphaned.status).toBe('rejected');
    expect(orphaned.issues).toEqual([
      expect.objectContaining({
        file: 'services.csv',
        row: 2,
        field: 'organization_id',
        reason: expect.stringMatching(/^No organization has the id [0-9a-f-]{36}/),
      }),
    ]);
    expect(await t.database.db.$count(directoryServices)).toBe(before.services);
    expect(await t.database.db.$count(directoryMetadata)).toBe(before.metadata);
    const search = await admin.get(`/hsds/services/${ids.choir}`);
    expect(search.statusCode).toBe(404);
  });

  it('says why in the importer’s language', async () => {
    const { file } = ourDirectory();
    const list = JSON.parse(file['service_list.json'] ?? '{}') as {
      contents: Record<string, unknown>[];
    };
    const [garden] = list.contents;
    if (!garden) throw new Error('a service');
    garden.schedules = [{ id: randomUUID(), opens_at: '17:00', closes_at: '09:00' }];
    const account = await makeAccount(t.database.db, [{ role: 'administrator' }]);
    const french = new Client(t.app, 'fr');
    expect((await french.signIn(account.email, account.password)).statusCode).toBe(200);
    const response = await french.post('/api/directory/imports', {
      format: 'json',
      files: { 'service_list.json': JSON.stringify(list) },
    });
    expect(response.json<DirectoryImportReport>().issues).toEqual([
      expect.objectContaining({
        field: 'closes_at',
        reason: expect.stringMatching(/^L’heure de fermeture doit suivre/),
      }),
    ]);
  });

  it('updates on re-import instead of duplicating, and keeps the change as HSDS metadata', async () => {
    const { ids, file } = ourDirectory();
    expect((await importFiles(file, 'json')).changes.service).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
    });
    const count = await t.database.db.$count(directoryServices);
    const again = await importFiles(file, 'json');
    expect(again.changes.service).toEqual({ created: 0, updated: 0, unchanged: 3 });
    const renamed =
      file['service_list.json']?.replace('Community choir', 'Community choir (renamed)') ?? '';
    const changed = await importFiles({ 'service_list.json': renamed }, 'json');
    expect(changed.changes.service).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(await t.database.db.$count(directoryServices)).toBe(count);

    const service = (await admin.get(`/hsds/services/${ids.choir}`)).json<{
      name: string;
      metadata: Record<string, string>[];
    }>();
    expect(service.name).toBe('Community choir (renamed)');
    // The change history is public: it names the programme, never an account or an email.
    expect(JSON.stringify(service)).not.toContain(adminEmail);
    expect(JSON.stringify(service)).not.toContain(adminId);
    expect(service.metadata).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ last_action_type: 'create', updated_by: 'programme' }),
        expect.objectContaining({
          last_action_type: 'update',
          field_name: 'name',
          previous_value: 'Community choir',
          replacement_value: 'Community choir (renamed)',
          updated_by: 'programme',
        }),
      ]),
    );
    const audit = await t.database.db.select().from(auditEvents);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['directory.imported', 'directory.import_rejected']),
    );
  });
});

describe('exporting HSDS 3.1', () => {
  it('exports JSON whose every service validates and keeps every imported property', async () => {
    const response = await admin.get('/api/directory/exports/json');
    expect(response.statusCode).toBe(200);
    const page = response.json<{ contents: Record<string, unknown>[] }>();
    const validate = compiledValidator('service.json');
    for (const service of page.contents)
      expect(validate(service), JSON.stringify(validate.errors)).toBe(true);
    const original = JSON.parse(
      exampleFiles('3.1/examples')['service_full.json'] ?? '{}',
    ) as Record<string, unknown>;
    const exported = page.contents.find((s) => s.id === original.id);
    for (const [key, value] of Object.entries(original)) {
      if (typeof value !== 'object') expect(exported?.[key], key).toEqual(value);
    }
    expect(exported?.service_at_locations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          location: expect.objectContaining({ addresses: expect.any(Array) }),
        }),
      ]),
    );
  });

  it('exports the CSV package, which reads back without a single issue', async () => {
    const response = await admin.get('/api/directory/exports/csv');
    expect(response.statusCode).toBe(200);
    const { files } = response.json<{ files: Record<string, string> }>();
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['datapackage.json', 'services.csv', 'locations.csv']),
    );
    const official = exampleFiles('3.1/examples/csv');
    const header = (csv: string | undefined) => csv?.split(/\r?\n/)[0];
    expect(header(files['services.csv'])).toBe(header(official['services.csv']));
    const read = readHsdsFiles(
      hsdsSchemasOf('3.1'),
      Object.entries(files).map(([name, content]) => ({ name, content })),
    );
    expect(read.issues).toEqual([]);
    expect(read.dataset.get('service')?.size).toBe(await t.database.db.$count(directoryServices));
  });

  it('says the package is 3.1, so it imports back as 3.1 without being told', async () => {
    const { files } = (await admin.get('/api/directory/exports/csv')).json<{
      files: Record<string, string>;
    }>();
    expect(JSON.parse(files['datapackage.json'] ?? '{}')).toMatchObject({ version: '3.1.0' });
    const report = await importFiles(files, 'csv');
    expect(report).toMatchObject({ status: 'imported', version: '3.1', issues: [] });
    expect(report.changes.service).toMatchObject({ created: 0, updated: 0 });
  });
});

describe('the HSDS API', () => {
  let ours: ReturnType<typeof ourDirectory>['ids'];
  const anonymous = () => new Client(t.app);

  beforeAll(async () => {
    const directory = ourDirectory();
    ours = directory.ids;
    expect((await importFiles(directory.file, 'json')).status).toBe('imported');
  });

  it.each([
    ['/', '/hsds/'],
    ['/services', '/hsds/services'],
    ['/organizations', '/hsds/organizations'],
    ['/service_at_locations', '/hsds/service_at_locations'],
    ['/taxonomies', '/hsds/taxonomies'],
    ['/taxonomy_terms', '/hsds/taxonomy_terms'],
    ['/services/{id}', '/hsds/services/ac148810-d857-441c-9679-408f346de14b'],
    ['/organizations/{id}', '/hsds/organizations/d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610'],
    ['/taxonomies/{id}', `/hsds/taxonomies/5c4d79d7-cc55-470e-9f1f-8cad074e4892`],
    ['/taxonomy_terms/{id}', `/hsds/taxonomy_terms/${category('nature')}`],
  ])('answers %s by the OpenAPI schema, to anyone, from any origin', async (apiPath, url) => {
    const response = await anonymous().get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const validate = responseValidator(apiPath);
    expect(validate(response.json()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names no account in a history stored before it stopped naming them', async () => {
    const someone = randomUUID();
    const approver = randomUUID();
    const stored = (updatedBy: string, field: string) => {
      const id = randomUUID();
      return {
        id,
        resourceId: ours.walk,
        resourceType: 'service',
        fieldName: field,
        record: {
          id,
          resource_id: ours.walk,
          resource_type: 'service',
          last_action_date: '2025-02-01',
          last_action_type: 'update',
          field_name: field,
          previous_value: 'before',
          replacement_value: 'after',
          updated_by: updatedBy,
        },
      };
    };
    await t.database.db
      .insert(directoryMetadata)
      .values([
        stored(`Neighbourhood Club, account ${someone}, approved by account ${approver}`, 'name'),
        stored(`account ${approver}`, 'description'),
      ]);
    for (const url of [`/hsds/services/${ours.walk}`, '/api/directory/exports/json']) {
      const body = (await (url.startsWith('/hsds') ? anonymous() : admin).get(url)).body;
      expect(body).not.toContain(someone);
      expect(body).not.toContain(approver);
    }
    const service = (await anonymous().get(`/hsds/services/${ours.walk}`)).json<{
      metadata: Record<string, string>[];
    }>();
    expect(service.metadata.map((m) => m.updated_by)).toEqual(
      expect.arrayContaining([
        'Neighbourhood Club (partner), approved by the programme',
        'programme',
      ]),
    );
    const csv = (await admin.get('/api/directory/exports/csv')).json<{
      files: Record<string, string>;
    }>().files['metadata.csv'];
    expect(csv).not.toContain(someone);
  });

  it('answers /service_at_locations/{id} fully nested', async () => {
    const response = await anonymous().get(
      '/hsds/service_at_locations/e94c9f38-1e8f-4564-91d4-d53501ab1765',
    );
    expect(response.statusCode).toBe(200);
    // The OpenAPI document points this response at service.json by mistake; its own schema is this one.
    const validate = compiledValidator('service_at_location.json');
    expect(validate(response.json()), JSON.stringify(validate.errors)).toBe(true);
    expect(response.json()).toHaveProperty('location.addresses');
  });

  const ids = async (url: string): Promise<string[]> =>
    (await anonymous().get(url))
      .json<{ contents: { id: string }[] }>()
      .contents.map((c) => c.id)
      .sort();

  it('combines filters with AND', async () => {
    const { tag } = ours;
    const nature = category('nature');
    expect(await ids(`/hsds/services?search=${tag}`)).toEqual(
      [ours.garden, ours.walk, ours.choir].sort(),
    );
    expect(await ids(`/hsds/services?search=${tag}&taxonomy_term_id=${nature}`)).toEqual([
      ours.garden,
    ]);
    expect(await ids(`/hsds/services?search=${tag}&organization_id=${ours.club}`)).toEqual(
      [ours.walk, ours.choir].sort(),
    );
    expect(
      await ids(
        `/hsds/services?search=${tag}&taxonomy_term_id=${nature}&organization_id=${ours.club}`,
      ),
    ).toEqual([]);
    expect(await ids(`/hsds/services?search=GARDEN&organization_id=${ours.club}`)).toEqual([
      ours.walk,
    ]);
    expect(
      await ids(`/hsds/services?organization_id=${ours.club}&modified_after=${inFourYears}-01-01`),
    ).toEqual([]);
    expect(
      await ids(`/hsds/services?organization_id=${ours.club}&modified_after=2025-01-01T00:00:00Z`),
    ).toEqual([ours.walk, ours.choir].sort());
    expect(
      await ids(`/hsds/organizations?search=${tag}&taxonomy_term_id=${category('arts')}`),
    ).toEqual([ours.club]);
  });

  it('pages', async () => {
    const url = `/hsds/services?organization_id=${ours.club}&per_page=1&page=2`;
    const page = (await anonymous().get(url)).json<Record<string, unknown>>();
    expect(page).toMatchObject({
      total_items: 2,
      total_pages: 2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
    const beyond = (await anonymous().get(`${url.replace('page=2', 'page=3')}`)).json<
      Record<string, unknown>
    >();
    expect(beyond).toMatchObject({ size: 0, empty: true, contents: [] });
  });

  it('finds services at locations by postcode, and within a distance of it', async () => {
    const code = encodeURIComponent(ours.near);
    const near = await anonymous().get(
      `/hsds/service_at_locations?postcode=${ours.near.replace(' ', '').toLowerCase()}`,
    );
    const serviceIds = (r: typeof near) =>
      r
        .json<{ contents: { service_id: string }[] }>()
        .contents.map((c) => c.service_id)
        .sort();
    expect(serviceIds(near)).toEqual([ours.garden]);
    const around = await anonymous().get(
      `/hsds/service_at_locations?postcode=${code}&proximity=5000&search=${ours.tag}`,
    );
    expect(serviceIds(around)).toEqual([ours.garden, ours.walk].sort());
    const validate = responseValidator('/service_at_locations');
    expect(validate(around.json()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('answers an unknown id with 404 in the error shape, still readable from any origin', async () => {
    for (const url of [
      '/hsds/services/unknown',
      '/hsds/organizations/unknown',
      '/hsds/taxonomy_terms/unknown',
      '/hsds/service_at_locations/unknown',
      '/hsds/taxonomies/unknown',
    ]) {
      const response = await anonymous().get(url);
      expect(response.statusCode).toBe(404);
      expect(errorOf(response).code).toBe('not_found');
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('refuses a malformed filter with 400 in the error shape', async () => {
    const response = await anonymous().get('/hsds/services?modified_after=yesterday');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('validation_failed');
  });
});
