import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventList } from '../../src/shared/contracts/audit';
import type { Organisation, OrganisationList } from '../../src/shared/contracts/organisations';
import type { Site, SiteList } from '../../src/shared/contracts/sites';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, type TestAccount } from '../helpers/factories';

let t: TestApp;
let administrator: TestAccount;
let admin: Client;
let frenchAdmin: Client;
const unknownId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  administrator = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  admin = new Client(t.app);
  await admin.signIn(administrator.email, administrator.password);
  frenchAdmin = new Client(t.app, 'fr');
  await frenchAdmin.signIn(administrator.email, administrator.password);
});
afterAll(() => t.close());

async function createOrganisation(name: string, client = admin): Promise<Organisation> {
  const response = await client.post('/api/organisations', { name, kind: 'health_centre' });
  expect(response.statusCode).toBe(201);
  return response.json<Organisation>();
}

async function createSite(organisationId: string, name: string): Promise<Site> {
  const response = await admin.post('/api/sites', { organisationId, name, defaultLocale: 'fr' });
  expect(response.statusCode).toBe(201);
  return response.json<Site>();
}

async function listOrganisations(): Promise<Organisation[]> {
  return (await admin.get('/api/organisations')).json<OrganisationList>().items;
}

async function listSites(): Promise<Site[]> {
  return (await admin.get('/api/sites')).json<SiteList>().items;
}

async function expectAuditedByAdministrator(
  subjectId: string,
  action: string,
  times = 1,
): Promise<void> {
  const response = await admin.get(`/api/audit-events?subjectId=${subjectId}&action=${action}`);
  const events = response.json<AuditEventList>().items;
  expect(events.map(({ actorId, outcome }) => ({ actorId, outcome }))).toEqual(
    Array.from({ length: times }, () => ({ actorId: administrator.id, outcome: 'success' })),
  );
}

describe('organisations', () => {
  it('creates an organisation, which the list then shows', async () => {
    const response = await admin.post('/api/organisations', {
      name: '  Centre de santé communautaire Vanier  ',
      kind: 'community_partner',
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<Organisation>();
    expect(created).toMatchObject({
      name: 'Centre de santé communautaire Vanier',
      kind: 'community_partner',
      version: 1,
    });
    expect(await listOrganisations()).toContainEqual(created);
    await expectAuditedByAdministrator(created.id, 'organisation.created');
  });

  it('lists organisations by name', async () => {
    const later = await createOrganisation('Zinnia Health Centre');
    const earlier = await createOrganisation('Aster Health Centre');
    const ids = (await listOrganisations()).map((organisation) => organisation.id);
    expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
  });

  it('applies a change made on the latest version and refuses one made on an older one', async () => {
    const organisation = await createOrganisation('Riverside Health Centre');
    const renamed = await admin.patch(`/api/organisations/${organisation.id}`, {
      name: 'Riverside Community Health Centre',
      version: 1,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<Organisation>()).toMatchObject({
      name: 'Riverside Community Health Centre',
      version: 2,
    });
    const stale = await admin.patch(`/api/organisations/${organisation.id}`, {
      kind: 'programme',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'stale_version', field: 'version' });
    expect((await listOrganisations()).find((o) => o.id === organisation.id)).toMatchObject({
      name: 'Riverside Community Health Centre',
      kind: 'health_centre',
      version: 2,
    });
    await expectAuditedByAdministrator(organisation.id, 'organisation.updated');
  });

  it('refuses a name too short or an unknown kind, and creates nothing', async () => {
    const before = await listOrganisations();
    const short = await admin.post('/api/organisations', { name: ' A ', kind: 'health_centre' });
    expect(short.statusCode).toBe(400);
    expect(errorOf(short)).toMatchObject({
      code: 'validation_failed',
      field: 'name',
      issues: [{ field: 'name', message: 'Must be at least 2 characters.' }],
    });
    const kind = await admin.post('/api/organisations', {
      name: 'Lakeside Hospital',
      kind: 'hospital',
    });
    expect(kind.statusCode).toBe(400);
    expect(errorOf(kind)).toMatchObject({ code: 'validation_failed', field: 'kind' });
    expect(errorOf(kind).issues?.[0]?.message).toContain('health_centre');
    const missing = await admin.post('/api/organisations', { name: 'Lakeside Hospital' });
    expect(errorOf(missing).issues).toEqual([
      { field: 'kind', message: 'This field is required.' },
    ]);
    expect(await listOrganisations()).toEqual(before);
  });

  it('answers 404 when changing an organisation that does not exist', async () => {
    const response = await admin.patch(`/api/organisations/${unknownId}`, {
      name: 'Nowhere',
      version: 1,
    });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
  });
});

describe('sites', () => {
  it('creates a site of an organisation, which the list then shows', async () => {
    const organisation = await createOrganisation('Northern Lights Health Centre');
    const response = await admin.post('/api/sites', {
      organisationId: organisation.id,
      name: 'Timmins',
      defaultLocale: 'fr',
    });
    expect(response.statusCode).toBe(201);
    const site = response.json<Site>();
    expect(site).toMatchObject({
      organisationId: organisation.id,
      organisationName: 'Northern Lights Health Centre',
      name: 'Timmins',
      defaultLocale: 'fr',
      twoFactorRequired: false,
      version: 1,
    });
    expect(await listSites()).toContainEqual(site);
    await expectAuditedByAdministrator(site.id, 'site.created');
  });

  it('refuses an organisation that does not exist, and creates nothing', async () => {
    const before = await listSites();
    const response = await admin.post('/api/sites', {
      organisationId: unknownId,
      name: 'Ghost Town',
      defaultLocale: 'en',
    });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toMatchObject({ code: 'not_found', field: 'organisationId' });
    expect(await listSites()).toEqual(before);
  });

  it('refuses a name too short or a language the product does not speak', async () => {
    const organisation = await createOrganisation('Harbour Health Centre');
    const short = await admin.post('/api/sites', {
      organisationId: organisation.id,
      name: 'H',
      defaultLocale: 'en',
    });
    expect(errorOf(short)).toMatchObject({ code: 'validation_failed', field: 'name' });
    const language = await admin.post('/api/sites', {
      organisationId: organisation.id,
      name: 'Harbour',
      defaultLocale: 'de',
    });
    expect(language.statusCode).toBe(400);
    expect(errorOf(language)).toMatchObject({ code: 'validation_failed', field: 'defaultLocale' });
  });

  it('applies a change made on the latest version and refuses one made on an older one', async () => {
    const organisation = await createOrganisation('Valley Health Centre');
    const site = await createSite(organisation.id, 'Valley East');
    const changed = await admin.patch(`/api/sites/${site.id}`, {
      name: 'Valley East Clinic',
      version: 1,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<Site>()).toMatchObject({ name: 'Valley East Clinic', version: 2 });
    const stale = await admin.patch(`/api/sites/${site.id}`, { defaultLocale: 'en', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'stale_version', field: 'version' });
    expect((await listSites()).find((s) => s.id === site.id)).toMatchObject({
      name: 'Valley East Clinic',
      defaultLocale: 'fr',
      version: 2,
    });
    await expectAuditedByAdministrator(site.id, 'site.updated');
  });

  it('shows an organisation’s new name on its sites', async () => {
    const organisation = await createOrganisation('Old Mill Health Centre');
    const site = await createSite(organisation.id, 'Old Mill');
    await admin.patch(`/api/organisations/${organisation.id}`, {
      name: 'New Mill Health Centre',
      version: 1,
    });
    expect((await listSites()).find((s) => s.id === site.id)).toMatchObject({
      organisationName: 'New Mill Health Centre',
    });
  });

  it('keeps the time zone a site works in, Toronto unless told, and refuses an unknown one', async () => {
    const organisation = await createOrganisation('Lyon Health Centre');
    const site = await createSite(organisation.id, 'Lyon Part-Dieu');
    expect(site.timeZone).toBe('America/Toronto');
    const changed = await admin.patch(`/api/sites/${site.id}`, {
      timeZone: 'Europe/Paris',
      version: 1,
    });
    expect(changed.statusCode).toBe(200);
    expect((await listSites()).find((s) => s.id === site.id)?.timeZone).toBe('Europe/Paris');
    const events = (
      await admin.get(`/api/audit-events?subjectId=${site.id}&action=site.updated`)
    ).json<AuditEventList>().items;
    expect(events[0]?.details).toMatchObject({ fields: ['timeZone'] });
    // Any zone Intl knows is accepted through the API, not only the ones the form offers.
    const created = await admin.post('/api/sites', {
      organisationId: organisation.id,
      name: 'Lyon Nouméa',
      defaultLocale: 'fr',
      timeZone: 'Pacific/Noumea',
    });
    expect(created.json<Site>().timeZone).toBe('Pacific/Noumea');
    for (const [client, message] of [
      [admin, 'Choose a time zone by its IANA name, such as America/Toronto or Europe/Paris.'],
      [
        frenchAdmin,
        'Choisissez un fuseau horaire par son nom IANA, par exemple America/Toronto ou Europe/Paris.',
      ],
    ] as const) {
      const refused = await client.patch(`/api/sites/${site.id}`, {
        timeZone: 'Europe/Lutece',
        version: 2,
      });
      expect(refused.statusCode).toBe(400);
      expect(errorOf(refused).issues).toEqual([{ field: 'timeZone', message }]);
    }
    expect((await listSites()).find((s) => s.id === site.id)).toMatchObject({
      timeZone: 'Europe/Paris',
      version: 2,
    });
  });

  it('answers 404 when changing a site that does not exist', async () => {
    const response = await admin.patch(`/api/sites/${unknownId}`, { name: 'Nowhere', version: 1 });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
  });
});

describe('messages in French', () => {
  async function expectFrench(client: Client): Promise<void> {
    const short = await client.post('/api/organisations', { name: 'A', kind: 'health_centre' });
    expect(errorOf(short)).toMatchObject({
      message: 'Certains champs demandent votre attention.',
      issues: [{ field: 'name', message: 'Doit contenir au moins 2 caractères.' }],
    });
    const kind = await client.post('/api/organisations', { name: 'Clinique', kind: 'hôpital' });
    expect(errorOf(kind).issues).toEqual([
      {
        field: 'kind',
        message: 'Choisissez parmi\u202f: health_centre, community_partner, programme.',
      },
    ]);
    const organisation = await createOrganisation('Centre de santé du Lac', client);
    await client.patch(`/api/organisations/${organisation.id}`, {
      name: 'Centre du Lac',
      version: 1,
    });
    const stale = await client.patch(`/api/organisations/${organisation.id}`, {
      name: 'Lac',
      version: 1,
    });
    expect(errorOf(stale).message).toBe(
      'Quelqu’un d’autre a modifié cette fiche pendant que vous la modifiiez. Rechargez pour voir ses changements, puis réessayez.',
    );
    const site = await client.post('/api/sites', {
      organisationId: unknownId,
      name: 'Site fantôme',
      defaultLocale: 'fr',
    });
    expect(errorOf(site)).toMatchObject({
      field: 'organisationId',
      message: 'Nous n’avons pas trouvé ce que vous cherchez.',
    });
  }

  it('answers in French when the browser asks for it', async () => {
    const client = new Client(t.app, 'fr-CA,fr;q=0.9,en;q=0.5');
    await client.signIn(administrator.email, administrator.password);
    await expectFrench(client);
  });

  it('answers in French when the account’s language is French, whatever the browser says', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'administrator' }], { locale: 'fr' });
    const client = new Client(t.app, 'en');
    await client.signIn(account.email, account.password);
    await expectFrench(client);
  });

  it('answers in English otherwise', async () => {
    const response = await admin.post('/api/organisations', { name: 'A', kind: 'health_centre' });
    expect(errorOf(response).message).toBe('Some fields need attention.');
  });
});
