import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  directoryMetadata,
  directoryOrganizations,
  directoryServiceAtLocations,
  directoryServices,
} from '../../src/server/db/schema';
import { seedDemoDirectory } from '../../src/server/features/directory';
import type { DirectoryImportJob } from '../../src/shared/contracts/directory';
import type {
  ChangeRequest,
  ChangeRequestList,
  MyListings,
} from '../../src/shared/contracts/listings';
import type { DirectorySearchResult } from '../../src/shared/contracts/search';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeOrganisation, makeSite } from '../helpers/factories';

const garden = {
  service: 'c3ee0354-11b9-5527-ad5c-f769703b6686',
  capacity: '809f1938-f9b8-58d0-bae7-4efee297195b',
  location: '24a4a559-343e-5912-8ebd-1a923618afe1',
  schedule: '05a6b695-4ec6-5659-a23e-9b99365a1cdd',
};
/** A listing of the other demo partner. */
const otherPartnersService = '854a6962-f616-5169-843d-a0db5708a934';

let t: TestApp;
let partner: Client;
let manager: Client;
let admin: Client;
let linkWorker: Client;

async function signedIn(
  grants: Parameters<typeof makeAccount>[1],
  language = 'en',
): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = new Client(t.app, language);
  expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
  return client;
}

beforeAll(async () => {
  t = await startTestApp();
  const jardins = await makeOrganisation(t.database.db, 'community_partner');
  const westEnd = await makeOrganisation(t.database.db, 'community_partner');
  await seedDemoDirectory(t.database.db, [
    { id: jardins.id, name: 'Jardins partagés de Cornwall' },
    { id: westEnd.id, name: 'West End Green Neighbours' },
  ]);
  const partnerSite = await makeSite(t.database.db, { organisationId: jardins.id });
  const healthSite = await makeSite(t.database.db);
  partner = await signedIn([{ role: 'partner_staff', siteId: partnerSite.id }]);
  manager = await signedIn([{ role: 'site_manager', siteId: healthSite.id }]);
  admin = await signedIn([{ role: 'administrator' }]);
  linkWorker = await signedIn([{ role: 'link_worker', siteId: healthSite.id }]);
}, 120_000);
afterAll(() => t.close());

async function myListings(client = partner): Promise<MyListings> {
  const response = await client.get('/api/directory/my-listings');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<MyListings>();
}

async function propose(body: Record<string, unknown>, client = partner): Promise<ChangeRequest> {
  const response = await client.post('/api/directory/change-requests', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ChangeRequest>();
}

async function pending(): Promise<ChangeRequest[]> {
  const response = await manager.get('/api/directory/change-requests?status=pending');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ChangeRequestList>().items;
}

async function search(q: string): Promise<DirectorySearchResult> {
  const response = await linkWorker.get(`/api/directory/search?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DirectorySearchResult>();
}

function serviceText(name: { fr: string; en: string }): Record<string, unknown> {
  return {
    entityType: 'service',
    serviceId: garden.service,
    text: {
      fr: { name: name.fr, description: 'Jardinage en groupe au parc Lamoureux.' },
      en: { name: name.en, description: 'Group gardening in Lamoureux park.' },
    },
    status: 'active',
    email: 'info@jardins-partages.example.org',
    minimumAge: 16,
  };
}

describe('a partner’s listings', () => {
  it('shows their organisation’s services with places, schedules, capacity and status', async () => {
    const mine = await myListings();
    expect(mine.staleAfterDays).toBe(180);
    const ids = mine.items.map((l) => l.id);
    expect(ids).toContain(garden.service);
    expect(ids).not.toContain(otherPartnersService);
    const listing = mine.items.find((l) => l.id === garden.service);
    expect(listing).toMatchObject({
      organizationName: 'Jardins partagés de Cornwall',
      referralStatus: 'open',
      text: { fr: { name: 'Atelier de jardinage au jardin communautaire' } },
      capacities: [{ id: garden.capacity, available: 6, maximum: 20 }],
      schedules: [{ id: garden.schedule, byday: 'TU,SA', opensAt: '09:30' }],
      locations: [{ id: garden.location, address: { city: 'Cornwall', postalCode: 'K6J 1A1' } }],
    });
  });

  it('refuses another organisation’s listing as not found', async () => {
    const response = await partner.post('/api/directory/change-requests', {
      entityType: 'service_capacity',
      serviceId: otherPartnersService,
      capacityId: garden.capacity,
      available: 0,
      referralStatus: 'full',
    });
    expect(response.statusCode).toBe(404);
    expect(
      (await partner.post(`/api/directory/listings/${otherPartnersService}/confirm`)).statusCode,
    ).toBe(404);
  });

  it('refuses roles that keep no listings, and lets an administrator see every partner’s', async () => {
    for (const client of [manager, linkWorker]) {
      expect((await client.get('/api/directory/my-listings')).statusCode).toBe(403);
      const proposed = await client.post(
        '/api/directory/change-requests',
        serviceText({ fr: 'x', en: 'x' }),
      );
      expect(proposed.statusCode).toBe(403);
    }
    expect((await partner.get('/api/directory/change-requests')).statusCode).toBe(403);
    expect((await linkWorker.get('/api/directory/change-requests')).statusCode).toBe(403);
    const ids = (await myListings(admin)).items.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining([garden.service, otherPartnersService]));
  });

  it('checks the resulting record against the HSDS 3.1 schema and says which field', async () => {
    const before = await pending();
    const response = await partner.post('/api/directory/change-requests', {
      ...serviceText({ fr: 'Atelier', en: 'Workshop' }),
      status: 'sometimes',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'hsds_record_invalid', field: 'status' });
    const email = await partner.post('/api/directory/change-requests', {
      ...serviceText({ fr: 'Atelier', en: 'Workshop' }),
      email: 'not an address',
    });
    expect(errorOf(email)).toMatchObject({ code: 'hsds_record_invalid', field: 'email' });
    expect(await pending()).toEqual(before);
  });
});

describe('change requests that should be refused', () => {
  const schedule = {
    entityType: 'schedule',
    serviceId: garden.service,
    scheduleId: garden.schedule,
    byday: 'WE',
    opensAt: '14:00',
    closesAt: '16:00',
  };

  it('refuses a schedule valid from or to a day the calendar does not have, in the caller’s language', async () => {
    const before = await pending();
    for (const [field, day] of [
      ['validFrom', '2024-02-30'],
      ['validTo', '2024-13-45'],
      ['validFrom', '2023-02-29'],
    ] as const) {
      const response = await partner.post('/api/directory/change-requests', {
        ...schedule,
        [field]: day,
      });
      expect(response.statusCode, day).toBe(400);
      expect(errorOf(response)).toMatchObject({
        code: 'validation_failed',
        field,
        issues: [{ field, message: expect.stringMatching(/date the calendar has/) }],
      });
    }
    const french = await signedIn([{ role: 'administrator' }], 'fr');
    const refused = await french.post('/api/directory/change-requests', {
      ...schedule,
      validFrom: '2024-02-30',
    });
    expect(errorOf(refused).issues?.[0]?.message).toMatch(/existe au calendrier/);
    expect(await pending()).toEqual(before);
  });

  it('holds a listing to the limits an import is held to, naming the field', async () => {
    const before = await pending();
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ ...schedule, opensAt: '17:00', closesAt: '09:00' }, 'closesAt', /closing time/],
      [{ ...schedule, opensAt: '25:00' }, 'opensAt', /00:00 to 23:59/],
      [{ ...schedule, byday: 'XX,YY' }, 'byday', /two-letter codes/],
      [{ ...schedule, validFrom: '2025-03-01', validTo: '2025-01-31' }, 'validTo', /end date/],
      [
        { ...serviceText({ fr: 'Atelier', en: 'Workshop' }), minimumAge: 90, maximumAge: 10 },
        'maximumAge',
        /maximum age/,
      ],
      [serviceText({ fr: 'N'.repeat(301), en: 'Workshop' }), 'text.fr.name', /at most 300/],
      [
        {
          ...serviceText({ fr: 'Atelier', en: 'Workshop' }),
          text: {
            fr: { name: 'Atelier', description: 'D'.repeat(5001) },
            en: { name: 'Workshop' },
          },
        },
        'text.fr.description',
        /at most 5000/,
      ],
    ];
    for (const [body, field, words] of refusals) {
      const response = await partner.post('/api/directory/change-requests', body);
      expect(response.statusCode, field).toBe(400);
      expect(errorOf(response)).toMatchObject({ code: 'validation_failed', field });
      expect(errorOf(response).issues?.[0]?.message).toMatch(words);
    }
    expect(await pending()).toEqual(before);
    const typed = await partner.post('/api/directory/change-requests', {
      ...schedule,
      byday: 'mo, 1we ,-1fr',
      opensAt: '09:00',
      closesAt: '09:30:00',
    });
    expect(typed.statusCode, typed.body).toBe(201);
    const proposed = typed.json<ChangeRequest>();
    expect(proposed.diff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'byday', proposed: 'MO,1WE,-1FR' }),
      ]),
    );
    const rejected = await manager.post(`/api/directory/change-requests/${proposed.id}/reject`, {
      version: proposed.version,
      note: 'Only a test of the days as typed.',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
  });
});

describe('moderation', () => {
  it('applies an approved change with its history, and search finds the new name', async () => {
    const request = await propose(
      serviceText({ fr: 'Potager Zinnia du parc', en: 'Solidarity vegetable patch' }),
    );
    expect(request.status).toBe('pending');
    const queued = (await pending()).find((r) => r.id === request.id);
    expect(queued?.diff).toEqual(
      expect.arrayContaining([
        {
          field: 'name',
          current: 'Atelier de jardinage au jardin communautaire',
          proposed: 'Potager Zinnia du parc',
        },
        expect.objectContaining({ field: 'name.en', proposed: 'Solidarity vegetable patch' }),
        { field: 'minimum_age', current: null, proposed: '16' },
      ]),
    );
    // Nothing is public before approval.
    expect((await search('zinnia')).items.map((i) => i.name)).not.toContain(
      'Potager Zinnia du parc',
    );

    const approved = await manager.post(`/api/directory/change-requests/${request.id}/approve`, {
      version: request.version,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<ChangeRequest>()).toMatchObject({ status: 'approved' });

    const [service] = await t.database.db
      .select()
      .from(directoryServices)
      .where(eq(directoryServices.id, garden.service));
    expect(service).toMatchObject({ name: 'Potager Zinnia du parc', minimumAge: 16 });
    expect(service?.lastModified).not.toBeNull();
    expect(service?.translations.en?.name).toBe('Solidarity vegetable patch');
    const history = await t.database.db
      .select({ record: directoryMetadata.record })
      .from(directoryMetadata)
      .where(eq(directoryMetadata.resourceId, garden.service));
    const nameChange = history.map((h) => h.record).find((r) => r.field_name === 'name');
    expect(nameChange).toMatchObject({
      last_action_type: 'update',
      previous_value: 'Atelier de jardinage au jardin communautaire',
      replacement_value: 'Potager Zinnia du parc',
    });
    // The history is public through /hsds: it names the partner and the programme, no account.
    expect(nameChange?.updated_by).toBe(
      'Jardins partagés de Cornwall (partner), approved by the programme',
    );
    const published = (await new Client(t.app).get(`/hsds/services/${garden.service}`)).body;
    expect(published).toContain('approved by the programme');
    expect(published).not.toMatch(/account [0-9a-f-]{36}/);

    expect((await search('zinnia')).items[0]?.id).toBe(garden.service);
    expect((await search('solidarity vegetable patch')).items[0]?.id).toBe(garden.service);
    expect((await pending()).map((r) => r.id)).not.toContain(request.id);
    const audit = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, garden.service));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['directory.change_proposed', 'directory.change_approved']),
    );
  });

  it('sets capacity and a waitlist, and the search hit shows it', async () => {
    const request = await propose({
      entityType: 'service_capacity',
      serviceId: garden.service,
      capacityId: garden.capacity,
      available: 0,
      maximum: 20,
      referralStatus: 'waitlist',
    });
    expect(request.diff).toEqual(
      expect.arrayContaining([
        { field: 'available', current: '6', proposed: '0' },
        { field: 'referral_status', current: 'open', proposed: 'waitlist' },
      ]),
    );
    const approved = await admin.post(`/api/directory/change-requests/${request.id}/approve`, {
      version: request.version,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const hit = (await search('zinnia')).items.find((i) => i.id === garden.service);
    expect(hit?.referralStatus).toBe('waitlist');
    const listing = (await myListings()).items.find((l) => l.id === garden.service);
    expect(listing?.capacities[0]).toMatchObject({ available: 0, maximum: 20 });
  });

  it('changes a schedule and an address through the same path', async () => {
    const schedule = await propose({
      entityType: 'schedule',
      serviceId: garden.service,
      scheduleId: garden.schedule,
      byday: 'WE',
      opensAt: '14:00',
      closesAt: '16:00',
      validFrom: '2026-05-01',
      description: 'Les mercredis après-midi',
    });
    const address = await propose({
      entityType: 'location',
      serviceId: garden.service,
      locationId: garden.location,
      address: {
        address1: '200, rue Water Ouest',
        city: 'Cornwall',
        stateProvince: 'ON',
        postalCode: 'K6J 1A2',
        country: 'ca',
      },
    });
    for (const request of [schedule, address]) {
      const response = await manager.post(`/api/directory/change-requests/${request.id}/approve`, {
        version: request.version,
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const listing = (await myListings()).items.find((l) => l.id === garden.service);
    expect(listing?.schedules[0]).toMatchObject({ byday: 'WE', opensAt: '14:00', validTo: null });
    expect(listing?.locations[0]?.address).toMatchObject({
      address1: '200, rue Water Ouest',
      postalCode: 'K6J 1A2',
      country: 'CA',
    });
  });

  it('tells the moderator that an address other organisations’ services use is shared, and with whom', async () => {
    const db = t.database.db;
    const [garden0] = await db
      .select({ organizationId: directoryServices.organizationId })
      .from(directoryServices)
      .where(eq(directoryServices.id, garden.service));
    const ownOrganization = garden0?.organizationId ?? null;
    // Another organisation runs an activity at the garden, and so does the garden's own.
    await db.insert(directoryOrganizations).values({
      id: 'org-seniors-club',
      name: 'Cornwall Seniors Club',
      record: { id: 'org-seniors-club', name: 'Cornwall Seniors Club' },
    });
    for (const [id, organizationId] of [
      ['svc-seniors-walk', 'org-seniors-club'],
      ['svc-garden-tea', ownOrganization],
    ] as const) {
      await db.insert(directoryServices).values({
        id,
        organizationId,
        name: id,
        status: 'active',
        record: { id, name: id, status: 'active', organization_id: organizationId },
      });
      await db.insert(directoryServiceAtLocations).values({
        id: `sal-${id}`,
        serviceId: id,
        locationId: garden.location,
        record: { id: `sal-${id}`, service_id: id, location_id: garden.location },
      });
    }
    const address = await propose({
      entityType: 'location',
      serviceId: garden.service,
      locationId: garden.location,
      address: {
        address1: '1, rue Pitt',
        city: 'Cornwall',
        stateProvince: 'ON',
        postalCode: 'K6J 3P1',
        country: 'CA',
      },
    });
    const schedule = await propose({
      entityType: 'schedule',
      serviceId: garden.service,
      scheduleId: garden.schedule,
      byday: 'FR',
      opensAt: '10:00',
      closesAt: '12:00',
    });
    const queue = await pending();
    expect(queue.find((r) => r.id === address.id)?.sharedWith).toEqual(['Cornwall Seniors Club']);
    expect(queue.find((r) => r.id === schedule.id)?.sharedWith).toEqual([]);
    for (const request of [address, schedule]) {
      const rejected = await manager.post(`/api/directory/change-requests/${request.id}/reject`, {
        version: request.version,
        note: 'Not now',
      });
      expect(rejected.statusCode, rejected.body).toBe(200);
    }
    // The other tests of this file see the demo directory as it was.
    await db
      .delete(directoryServiceAtLocations)
      .where(
        inArray(directoryServiceAtLocations.id, ['sal-svc-seniors-walk', 'sal-svc-garden-tea']),
      );
    await db
      .delete(directoryServices)
      .where(inArray(directoryServices.id, ['svc-seniors-walk', 'svc-garden-tea']));
    await db
      .delete(directoryOrganizations)
      .where(eq(directoryOrganizations.id, 'org-seniors-club'));
  });

  it('keeps the listing unchanged on reject, which needs a note', async () => {
    const request = await propose(serviceText({ fr: 'Nom refusé', en: 'Refused name' }));
    const noNote = await manager.post(`/api/directory/change-requests/${request.id}/reject`, {
      version: request.version,
      note: '  ',
    });
    expect(noNote.statusCode).toBe(400);
    expect(errorOf(noNote)).toMatchObject({ code: 'reason_required', field: 'note' });
    const rejected = await manager.post(`/api/directory/change-requests/${request.id}/reject`, {
      version: request.version,
      note: 'Le nom doit rester celui de l’affiche.',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json<ChangeRequest>()).toMatchObject({
      status: 'rejected',
      reviewNote: 'Le nom doit rester celui de l’affiche.',
    });
    const [service] = await t.database.db
      .select({ name: directoryServices.name })
      .from(directoryServices)
      .where(eq(directoryServices.id, garden.service));
    expect(service?.name).toBe('Potager Zinnia du parc');
    expect((await search('refused name')).items.map((i) => i.id)).not.toContain(garden.service);
    const decided = (await myListings()).items.find((l) => l.id === garden.service);
    expect(decided?.recentDecisions.find((d) => d.id === request.id)).toMatchObject({
      status: 'rejected',
      reviewNote: 'Le nom doit rester celui de l’affiche.',
    });
    const again = await manager.post(`/api/directory/change-requests/${request.id}/approve`, {
      version: request.version + 1,
    });
    expect(errorOf(again).code).toBe('change_request_reviewed');
  });

  it('refuses a stale version, and a change whose listing moved since it was proposed', async () => {
    const first = await propose(serviceText({ fr: 'Premier nom', en: 'First name' }));
    const second = await propose(serviceText({ fr: 'Second nom', en: 'Second name' }));
    const stale = await manager.post(`/api/directory/change-requests/${first.id}/approve`, {
      version: first.version + 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    const approved = await manager.post(`/api/directory/change-requests/${first.id}/approve`, {
      version: first.version,
    });
    expect(approved.statusCode).toBe(200);
    const shown = (await pending()).find((r) => r.id === second.id);
    expect(shown?.targetChanged).toBe(true);
    const outdated = await manager.post(`/api/directory/change-requests/${second.id}/approve`, {
      version: second.version,
    });
    expect(outdated.statusCode).toBe(409);
    expect(errorOf(outdated).code).toBe('change_request_outdated');
    const [service] = await t.database.db
      .select({ name: directoryServices.name })
      .from(directoryServices)
      .where(eq(directoryServices.id, garden.service));
    expect(service?.name).toBe('Premier nom');
    const rejected = await manager.post(`/api/directory/change-requests/${second.id}/reject`, {
      version: second.version,
      note: 'Proposed before another change.',
    });
    expect(rejected.statusCode).toBe(200);
  });
});

describe('stale listings', () => {
  const longAgo = new Date(Date.now() - 200 * 24 * 60 * 60 * 1000);

  it('flags a listing not confirmed for longer than the setting, until the partner confirms it', async () => {
    await t.database.db
      .update(directoryServices)
      .set({ lastConfirmedAt: longAgo })
      .where(eq(directoryServices.id, garden.service));
    const listing = (await myListings()).items.find((l) => l.id === garden.service);
    expect(listing?.possiblyStale).toBe(true);
    expect((await search('lamoureux')).items.find((i) => i.id === garden.service)).toMatchObject({
      possiblyStale: true,
    });
    const confirmed = await partner.post(`/api/directory/listings/${garden.service}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ id: garden.service, possiblyStale: false });
    expect((await myListings()).items.find((l) => l.id === garden.service)?.possiblyStale).toBe(
      false,
    );
    const hit = (await search('lamoureux')).items.find((i) => i.id === garden.service);
    expect(hit?.possiblyStale).toBe(false);
    const audit = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'directory.listing_confirmed'));
    expect(audit).toHaveLength(1);
  });

  it('counts from the last change when a listing was never confirmed', async () => {
    await t.database.db
      .update(directoryServices)
      .set({ lastConfirmedAt: null, lastModified: longAgo })
      .where(eq(directoryServices.id, garden.service));
    expect((await myListings()).items.find((l) => l.id === garden.service)?.possiblyStale).toBe(
      true,
    );
    await t.database.db
      .update(directoryServices)
      .set({ lastModified: new Date() })
      .where(eq(directoryServices.id, garden.service));
    expect((await myListings()).items.find((l) => l.id === garden.service)?.possiblyStale).toBe(
      false,
    );
  });
});

describe('import jobs', () => {
  it('runs an import in the background and reports its progress, then its report', async () => {
    const service = {
      id: '6f0b7f40-3c1e-4a57-9a4e-0c1f0a6a7b01',
      name: 'Background import service',
      status: 'active',
    };
    const started = await admin.post('/api/directory/import-jobs', {
      format: 'json',
      files: { 'services.json': JSON.stringify([service]) },
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json<DirectoryImportJob>();
    expect(job.state).toBe('running');
    let current = job;
    for (let i = 0; i < 200 && current.state === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      current = (
        await admin.get(`/api/directory/import-jobs/${job.id}`)
      ).json<DirectoryImportJob>();
    }
    expect(current).toMatchObject({
      state: 'finished',
      phase: 'done',
      report: { status: 'imported', records: 1, changes: { service: { created: 1 } } },
    });
    expect((await partner.get(`/api/directory/import-jobs/${job.id}`)).statusCode).toBe(403);
    const refused = await manager.post('/api/directory/import-jobs', {
      format: 'json',
      files: { 'services.json': JSON.stringify([service]) },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('reports a rejected dataset with its issues', async () => {
    const started = await admin.post('/api/directory/import-jobs', {
      format: 'json',
      files: { 'services.json': JSON.stringify([{ id: 'not-a-uuid', name: 'Bad' }]) },
    });
    const job = started.json<DirectoryImportJob>();
    let current = job;
    for (let i = 0; i < 200 && current.state === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      current = (
        await admin.get(`/api/directory/import-jobs/${job.id}`)
      ).json<DirectoryImportJob>();
    }
    expect(current.state).toBe('finished');
    expect(current.report?.status).toBe('rejected');
    expect(current.report?.issues.length).toBeGreaterThan(0);
  });
});
