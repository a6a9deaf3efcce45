import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryOrganizations, directoryServices } from '../../src/server/db/schema';
import type { Connection } from '../../src/shared/contracts/connections';
import { Client, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makePerson, makeSite } from '../helpers/factories';

let t: TestApp;
let siteId: string;
let linkWorkerId: string;
let lw: Client;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  const linkWorker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorkerId = linkWorker.id;
  lw = new Client(t.app);
  await lw.signIn(linkWorker.email, linkWorker.password);
  // A listing whose address is its organization's, and one with no organization whose
  // "email" is not an address.
  await db.insert(directoryOrganizations).values({
    id: 'org-library',
    name: 'Public Library',
    sourceLanguage: 'en',
    translations: { fr: { name: 'Bibliothèque publique' } },
    record: { id: 'org-library', name: 'Public Library', email: 'desk@library.example' },
  });
  await db.insert(directoryServices).values([
    {
      id: 'svc-reading-circle',
      organizationId: 'org-library',
      name: 'Reading circle',
      status: 'active',
      sourceLanguage: 'en',
      translations: { fr: { name: 'Cercle de lecture' } },
      referralStatus: 'open',
      record: { id: 'svc-reading-circle', name: 'Reading circle' },
    },
    {
      id: 'svc-choir',
      name: 'Neighbourhood choir',
      status: 'active',
      sourceLanguage: 'en',
      translations: { fr: { name: 'Chorale du quartier' } },
      referralStatus: 'full',
      record: { id: 'svc-choir', name: 'Neighbourhood choir', email: 'ask at the door' },
    },
  ]);
});
afterAll(async () => {
  await t.close();
});

async function propose(language: 'fr' | 'en', body: Record<string, unknown>): Promise<Connection> {
  const db = t.database.db;
  const person = await makePerson(db, siteId, { preferredLanguage: language });
  const made = await makeCase(db, siteId, { personId: person.id, acceptedBy: linkWorkerId });
  const response = await lw.post(`/api/cases/${made.id}/connections`, body);
  expect(response.statusCode).toBe(201);
  return response.json<Connection>();
}

describe('a connection proposed from a listing', () => {
  it('takes its organization’s name and address in the person’s language', async () => {
    const english = await propose('en', { serviceId: 'svc-reading-circle', personWants: 'Read' });
    expect(english).toMatchObject({
      organisationName: 'Public Library',
      activity: 'Reading circle',
      partnerEmail: 'desk@library.example',
      partnerOrganisationId: null,
      referralStatus: 'open',
    });
    const french = await propose('fr', { serviceId: 'svc-reading-circle', personWants: 'Lire' });
    expect(french).toMatchObject({
      organisationName: 'Bibliothèque publique',
      activity: 'Cercle de lecture',
    });
  });

  it('without an organization, goes by the service’s name and takes no text for an address', async () => {
    const created = await propose('fr', { serviceId: 'svc-choir', personWants: 'Chanter' });
    expect(created).toMatchObject({
      organisationName: 'Chorale du quartier',
      activity: 'Chorale du quartier',
      partnerEmail: null,
      referralStatus: 'full',
    });
  });

  it('keeps the address the link worker gives over the listing’s', async () => {
    const created = await propose('en', {
      serviceId: 'svc-reading-circle',
      partnerEmail: 'events@library.example',
      personWants: 'Read',
    });
    expect(created.partnerEmail).toBe('events@library.example');
  });
});
