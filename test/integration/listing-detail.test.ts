import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, outboundEmails } from '../../src/server/db/schema';
import { seedDemoDirectory } from '../../src/server/features/directory';
import type { ListingDetail } from '../../src/shared/contracts/listing-detail';
import type {
  ActivitySearchProfile,
  DirectorySearchResult,
} from '../../src/shared/contracts/search';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makePerson, makeSite } from '../helpers/factories';

let t: TestApp;
let siteId: string;
let linkWorker: Client;
let otherSiteWorker: Client;

const ids = {
  gardenWorkshop: 'c3ee0354-11b9-5527-ad5c-f769703b6686',
  vanierGarden: 'adc4e42c-da2b-5375-97a4-b56ca8b10cac',
  communityGarden: '854a6962-f616-5169-843d-a0db5708a934',
};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoDirectory(t.database.db, []);
  siteId = (await makeSite(t.database.db)).id;
  const otherSiteId = (await makeSite(t.database.db)).id;
  const worker = await makeAccount(t.database.db, [{ role: 'link_worker', siteId }]);
  const other = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: otherSiteId }]);
  linkWorker = new Client(t.app);
  otherSiteWorker = new Client(t.app);
  expect((await linkWorker.signIn(worker.email, worker.password)).statusCode).toBe(200);
  expect((await otherSiteWorker.signIn(other.email, other.password)).statusCode).toBe(200);
}, 120_000);
afterAll(() => t.close());

/** A case whose person speaks `language`, with what matters to them recorded. */
async function caseFor(
  language: 'fr' | 'en',
  interests: string,
  person: { email?: string; postalCode?: string | null } = {},
): Promise<string> {
  const made = await makePerson(t.database.db, siteId, {
    preferredLanguage: language,
    email: person.email ?? null,
    postalCode: person.postalCode ?? null,
  });
  const { id } = await makeCase(t.database.db, siteId, { personId: made.id });
  const saved = await linkWorker.request('PUT', `/api/cases/${id}/assessment`, {
    whatMatters: 'Sortir de la maison.',
    needs: { social_connection: 'high', mental_wellbeing: 'some' },
    interests,
    barriers: ['cost'],
  });
  expect(saved.statusCode, saved.body).toBe(200);
  return id;
}

async function caseAudit(caseId: string, action: string): Promise<unknown[]> {
  return t.database.db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, action)));
}

describe('a listing in full', () => {
  it('says what, where, when, cost, languages, room and when it was confirmed', async () => {
    const response = await linkWorker.get(`/api/directory/services/${ids.gardenWorkshop}`);
    expect(response.statusCode, response.body).toBe(200);
    const listing = response.json<ListingDetail>();
    expect(listing).toMatchObject({
      name: 'Atelier de jardinage au jardin communautaire',
      lang: 'fr',
      categories: expect.arrayContaining(['nature']),
      referralStatus: 'open',
      languages: ['fr'],
      email: 'info@jardins-partages.example.org',
      phones: [{ number: '613-555-0102', languages: ['fr'] }],
      costs: [{ option: 'Gratuit', amount: 0, currency: 'CAD' }],
      capacities: [expect.objectContaining({ available: 6, maximum: 20, unit: 'place' })],
    });
    expect(listing.schedules[0]).toMatchObject({
      byday: 'TU,SA',
      opensAt: '09:30',
      closesAt: '11:30',
    });
    expect(listing.places[0]).toMatchObject({
      name: 'Jardin communautaire du parc Lamoureux',
      address: { line: '100, rue Water Ouest', city: 'Cornwall', postalCode: 'K6J 1A1' },
      location: { lat: 45.0153, lon: -74.7302 },
    });
    expect(listing.places[0]?.accessibility[0]).toContain('fauteuil roulant');
    expect(listing.lastModified).not.toBeNull();
  });

  it('gives the name in the reader’s language when the listing has it', async () => {
    const english = await linkWorker.request(
      'GET',
      `/api/directory/services/${ids.vanierGarden}`,
      undefined,
      { 'accept-language': 'en' },
    );
    expect(english.json<ListingDetail>()).toMatchObject({
      name: 'Vanier Community Garden',
      lang: 'en',
      referralStatus: 'full',
    });
  });

  it('answers 404 for a listing that does not exist', async () => {
    const response = await linkWorker.get('/api/directory/services/no-such-listing');
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
  });
});

describe('a search for a case’s person', () => {
  it('starts from the case: postal code, language, needs and interests, audited', async () => {
    const caseId = await caseFor('fr', 'Jardinage, tricot.', { postalCode: 'K6J 1A1' });
    const response = await linkWorker.get(`/api/cases/${caseId}/activity-search`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<ActivitySearchProfile>()).toMatchObject({
      caseId,
      personName: 'Camille',
      postalCode: 'K6J 1A1',
      language: 'fr',
      needs: { high: ['social', 'peer'], some: ['arts', 'nature'] },
      interests: ['jardinage', 'tricot'],
      hasEmail: false,
      permissions: { connect: true },
    });
    expect(await caseAudit(caseId, 'case.directory_searched')).toHaveLength(1);
  });

  it('is refused for a case of another site, as the case is', async () => {
    const caseId = await caseFor('fr', 'Jardinage');
    expect((await otherSiteWorker.get(`/api/cases/${caseId}/activity-search`)).statusCode).toBe(
      404,
    );
    const search = await otherSiteWorker.get(`/api/directory/search?caseId=${caseId}`);
    expect(search.statusCode).toBe(404);
  });

  it('ranks an interest in the person’s language first and a full listing last', async () => {
    const caseId = await caseFor('en', 'gardening');
    const page = async (n: number): Promise<DirectorySearchResult['items']> => {
      const response = await linkWorker.get(
        `/api/directory/search?caseId=${caseId}&perPage=50&page=${n}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      return response.json<DirectorySearchResult>().items;
    };
    const items = [...(await page(1)), ...(await page(2))];
    const first = items[0];
    expect(first?.id).toBe(ids.communityGarden);
    expect(first?.forPerson).toMatchObject({ interests: ['gardening'], language: true });
    // The Vanier garden matches the interest and the language too, but it is full: it comes
    // after every listing with room, whatever their fit.
    const vanier = items.find((hit) => hit.id === ids.vanierGarden);
    expect(vanier?.forPerson).toMatchObject({ interests: ['gardening'], language: true });
    const firstFull = items.findIndex((hit) => hit.referralStatus === 'full');
    expect(firstFull).toBeGreaterThan(50);
    expect(items.slice(firstFull).every((hit) => hit.referralStatus === 'full')).toBe(true);
    expect(items.slice(firstFull).map((hit) => hit.id)).toContain(ids.vanierGarden);
  });

  it('ranks by the person’s own language: the same interest in French for a French speaker', async () => {
    const caseId = await caseFor('fr', 'jardinage');
    const { items } = (
      await linkWorker.get(`/api/directory/search?caseId=${caseId}&perPage=10`)
    ).json<DirectorySearchResult>();
    expect(items[0]?.id).toBe(ids.gardenWorkshop);
    expect(items[0]?.forPerson).toMatchObject({ interests: ['jardinage'], language: true });
  });
});

describe('emailing a listing to the person', () => {
  it('queues it in the person’s language with the listing’s details and nothing of the case', async () => {
    const caseId = await caseFor('fr', 'Jardinage', { email: 'camille@example.org' });
    const response = await linkWorker.post(`/api/cases/${caseId}/listing-emails`, {
      serviceId: ids.gardenWorkshop,
    });
    expect(response.statusCode, response.body).toBe(201);
    const [email] = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, 'listing.emailed'));
    expect(email?.recipient).toBe('camille@example.org');
    expect(email?.subject).toContain('Atelier de jardinage au jardin communautaire');
    expect(email?.text).toContain('Bonjour Camille');
    expect(email?.text).toContain('Quand : Les mardis et les samedis de 9 h 30 à 11 h 30');
    expect(email?.text).toContain('100, rue Water Ouest');
    expect(email?.text).toContain('Gratuit');
    expect(email?.text).toContain('613-555-0102');
    // What matters to the person, why they were referred: none of it leaves.
    expect(email?.text).not.toMatch(/Sortir de la maison|Lives alone|social/i);
    expect(await caseAudit(caseId, 'case.listing_emailed')).toEqual([
      { details: { serviceId: ids.gardenWorkshop, language: 'fr' } },
    ]);
  });

  it('says so when the person has no email address', async () => {
    const caseId = await caseFor('en', 'gardening');
    const response = await linkWorker.post(`/api/cases/${caseId}/listing-emails`, {
      serviceId: ids.gardenWorkshop,
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('person_needs_email');
  });
});
