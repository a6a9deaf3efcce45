import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  auditEvents,
  cases,
  connections,
  consents,
  notifications,
  outboundEmails,
  people,
} from '../../src/server/db/schema';
import { seedDemoDirectory } from '../../src/server/features/directory';
import type { CaseDetail } from '../../src/shared/contracts/cases';
import type { Connection, PartnerConnectionDetail } from '../../src/shared/contracts/connections';
import type {
  CasePersonRequestList,
  PersonActivityList,
  PersonConsents,
  PersonRecordAccessList,
  PersonRequest,
  PersonRequestList,
  PersonSession,
} from '../../src/shared/contracts/person-space';
import type { Referral } from '../../src/shared/contracts/referrals';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import {
  makeAccount,
  makeCase,
  makeOrganisation,
  makePartnerListing,
  makePerson,
  makeSite,
} from '../helpers/factories';
import { invitationToken, personClient } from '../helpers/person-space';

/*
 * The person's own space, increment 2: their activities and what they say of them, who
 * opened their record, withdrawing consent, asking for correction or erasure, their language.
 */

let t: TestApp;
const gardenWorkshop = 'c3ee0354-11b9-5527-ad5c-f769703b6686';

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://passerelle.test' });
  await seedDemoDirectory(t.database.db, []);
}, 120_000);
afterAll(() => t.close());

type Made = {
  caseId: string;
  personId: string;
  siteId: string;
  linkWorker: Client;
  linkWorkerAccount: { id: string; email: string };
  person: Client;
};

async function signedIn(account: { email: string; password: string }): Promise<Client> {
  const client = await signedInClient(t.app, account);
  return client;
}

/** An accepted case with its link worker, and its person signed in to their space. */
async function personWithCase(
  options: { referrerAccountId?: string; locale?: 'fr' | 'en' } = {},
): Promise<Made> {
  const db = t.database.db;
  const siteId = (await makeSite(db)).id;
  const account = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  const linkWorker = await signedIn(account);
  const email = `person-${randomUUID().slice(0, 8)}@example.org`;
  const made = await makePerson(db, siteId, {
    email,
    preferredLanguage: options.locale ?? 'fr',
  });
  const opened = await makeCase(db, siteId, {
    personId: made.id,
    acceptedBy: account.id,
    ...(options.referrerAccountId ? { referrerAccountId: options.referrerAccountId } : {}),
  });
  const invited = await linkWorker.post(`/api/cases/${opened.id}/person-invitations`);
  expect(invited.statusCode, invited.body).toBe(201);
  const person = await personClient(t, await invitationToken(t, email));
  return {
    caseId: opened.id,
    personId: made.id,
    siteId,
    linkWorker,
    linkWorkerAccount: account,
    person,
  };
}

async function propose(made: Made, body: Record<string, unknown>): Promise<Connection> {
  const response = await made.linkWorker.post(`/api/cases/${made.caseId}/connections`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Connection>();
}

async function caseConnections(made: Made): Promise<Connection[]> {
  const response = await made.linkWorker.get(`/api/cases/${made.caseId}/connections`);
  expect(response.statusCode).toBe(200);
  return response.json<{ items: Connection[] }>().items;
}

/** Discharges the case, and returns the closing summaries emailed to the referrer. */
async function closeCounting(made: Made, referrerEmail: string) {
  const db = t.database.db;
  const [row] = await db.select().from(cases).where(eq(cases.id, made.caseId));
  const closed = await made.linkWorker.post(`/api/cases/${made.caseId}/status`, {
    to: 'discharged',
    reason: 'goals_met',
    version: row?.version,
  });
  expect(closed.statusCode, closed.body).toBe(200);
  return db
    .select()
    .from(outboundEmails)
    .where(
      and(
        eq(outboundEmails.kind, 'case.closed_summary'),
        eq(outboundEmails.recipient, referrerEmail),
      ),
    );
}

async function nameOf(accountId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ name: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.name ?? accountId;
}

async function auditOf(caseId: string, action: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.id));
}

describe('their activities', () => {
  it('say what, where, when, cost, whom to contact and where it stands, in their language', async () => {
    const made = await personWithCase();
    const created = await propose(made, { serviceId: gardenWorkshop, personWants: 'Jardiner' });
    await t.database.db
      .update(connections)
      .set({ status: 'accepted', startsOn: '2026-12-15', partnerMessage: 'Apportez des gants.' })
      .where(eq(connections.id, created.id));
    const response = await made.person.get(`/api/person/cases/${made.caseId}/activities`);
    expect(response.statusCode, response.body).toBe(200);
    const [activity] = response.json<PersonActivityList>().items;
    expect(activity).toMatchObject({
      id: created.id,
      activity: 'Atelier de jardinage au jardin communautaire',
      status: 'accepted',
      startsOn: '2026-12-15',
      partnerMessage: 'Apportez des gants.',
      places: [
        {
          name: 'Jardin communautaire du parc Lamoureux',
          address: '100, rue Water Ouest, Cornwall, K6J 1A1',
        },
      ],
      schedules: [expect.objectContaining({ byday: 'TU,SA', opensAt: '09:30', closesAt: '11:30' })],
      costs: [{ option: 'Gratuit', amount: 0, currency: 'CAD' }],
      contact: { phones: ['613-555-0102'], email: 'info@jardins-partages.example.org' },
      said: [],
      canSay: true,
    });
    // The person's own wishes, written for the partner, and the link worker's words stay out.
    expect(response.body).not.toContain('Jardiner');
    expect(await auditOf(made.caseId, 'person.activities_viewed')).toHaveLength(1);
  });

  it('"I went" marks it attended on the connection, tells the link worker, and is audited', async () => {
    const made = await personWithCase();
    const created = await propose(made, { serviceId: gardenWorkshop, personWants: 'Jardiner' });
    await t.database.db
      .update(connections)
      .set({ status: 'accepted' })
      .where(eq(connections.id, created.id));
    const said = await made.person.post(
      `/api/person/cases/${made.caseId}/activities/${created.id}/said`,
      { said: 'went' },
    );
    expect(said.statusCode, said.body).toBe(200);
    expect(said.json<PersonActivityList>().items[0]).toMatchObject({
      status: 'attended',
      said: [{ said: 'went', reason: null }],
    });
    const [seen] = await caseConnections(made);
    expect(seen?.status).toBe('attended');
    expect(seen?.firstAttendedOn).not.toBeNull();
    expect(seen?.events.at(-1)).toMatchObject({
      fromStatus: 'accepted',
      toStatus: 'attended',
      via: 'person',
      personSaid: 'went',
      actorName: null,
    });
    const [notice] = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.caseId, made.caseId));
    expect(notice).toMatchObject({
      kind: 'connection.person_said',
      accountId: made.linkWorkerAccount.id,
      params: { said: 'went' },
    });
    const listed = await made.linkWorker.get('/api/notifications');
    expect(listed.json<{ items: { kind: string; href: string }[] }>().items[0]).toMatchObject({
      kind: 'connection.person_said',
      href: `/cases/${made.caseId}`,
    });
    const [event] = await auditOf(made.caseId, 'person.activity_said');
    expect(event).toMatchObject({
      actorId: null,
      details: {
        via: 'person_session',
        connectionId: created.id,
        said: 'went',
        from: 'accepted',
        to: 'attended',
      },
    });
  });

  it('"I stopped" needs why, then stops it with that reason; the email carries no reason', async () => {
    const made = await personWithCase();
    const created = await propose(made, { serviceId: gardenWorkshop, personWants: 'Jardiner' });
    await t.database.db
      .update(connections)
      .set({ status: 'ongoing' })
      .where(eq(connections.id, created.id));
    const url = `/api/person/cases/${made.caseId}/activities/${created.id}/said`;
    const refused = await made.person.post(url, { said: 'stopped' });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused)).toMatchObject({ code: 'validation_failed', field: 'reason' });
    expect((await caseConnections(made))[0]?.status).toBe('ongoing');
    const reason = 'Trop loin en bus, surtout le soir';
    const stopped = await made.person.post(url, { said: 'stopped', reason });
    expect(stopped.statusCode, stopped.body).toBe(200);
    const [seen] = await caseConnections(made);
    expect(seen).toMatchObject({ status: 'stopped', statusReason: reason });
    expect(seen?.events.at(-1)).toMatchObject({ via: 'person', personSaid: 'stopped', reason });
    const [email] = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, 'connection.person_said'))
      .orderBy(desc(outboundEmails.createdAt))
      .limit(1);
    expect(email?.recipient).toBe(made.linkWorkerAccount.email);
    expect(email?.text).not.toContain(reason);
  });

  it('"I’d like something else" keeps the status and records their words for the link worker', async () => {
    const made = await personWithCase();
    const created = await propose(made, {
      organisationName: 'Chorale du quartier',
      activity: 'Chant le jeudi',
      personWants: 'Chanter',
      partnerEmail: 'chorale@example.org',
    });
    const response = await made.person.post(
      `/api/person/cases/${made.caseId}/activities/${created.id}/said`,
      { said: 'something_else', reason: 'Plutôt une activité dehors' },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<PersonActivityList>().items[0]).toMatchObject({
      activity: 'Chant le jeudi',
      status: 'proposed',
      contact: { phones: [], email: 'chorale@example.org', url: null },
    });
    const [seen] = await caseConnections(made);
    expect(seen?.status).toBe('proposed');
    expect(seen?.events.at(-1)).toMatchObject({
      fromStatus: 'proposed',
      toStatus: 'proposed',
      personSaid: 'something_else',
      reason: 'Plutôt une activité dehors',
    });
  });

  it('refuses a connection of someone else’s case, and changes nothing', async () => {
    const mine = await personWithCase();
    const theirs = await personWithCase();
    const created = await propose(theirs, { serviceId: gardenWorkshop, personWants: 'Jardiner' });
    const onMine = await mine.person.post(
      `/api/person/cases/${mine.caseId}/activities/${created.id}/said`,
      { said: 'went' },
    );
    expect(onMine.statusCode).toBe(404);
    const onTheirs = await mine.person.post(
      `/api/person/cases/${theirs.caseId}/activities/${created.id}/said`,
      { said: 'went' },
    );
    expect(onTheirs.statusCode).toBe(404);
    expect((await caseConnections(theirs))[0]?.events).toHaveLength(1);
  });
});

describe('who opened my record', () => {
  it('lists each day someone opened it by role and place, never by name or id', async () => {
    const made = await personWithCase();
    expect((await made.linkWorker.get(`/api/cases/${made.caseId}`)).statusCode).toBe(200);
    const response = await made.person.get('/api/person/record-accesses');
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json<PersonRecordAccessList>();
    expect(list.items).toEqual([
      {
        firstAt: expect.any(String),
        roles: ['link_worker'],
        siteName: expect.any(String),
        organisationName: expect.any(String),
        // Inviting the person was a change; opening the case a read.
        changed: true,
      },
    ]);
    for (const secret of [
      made.linkWorkerAccount.id,
      made.linkWorkerAccount.email,
      await nameOf(made.linkWorkerAccount.id),
    ])
      expect(response.body).not.toContain(secret);
    // The person's own reads are not someone opening their record.
    const again = (
      await made.person.get('/api/person/record-accesses')
    ).json<PersonRecordAccessList>();
    expect(again.items).toHaveLength(1);
    expect(await auditOf(made.caseId, 'person.record_accesses_viewed')).toHaveLength(2);
  });

  it('names a partner’s organisation, and pages through the days, newest first', async () => {
    const made = await personWithCase();
    const db = t.database.db;
    const partnerOrg = await makeOrganisation(db, 'community_partner');
    const partnerSite = await makeSite(db, { organisationId: partnerOrg.id });
    const partnerStaff = await makeAccount(db, [{ role: 'partner_staff', siteId: partnerSite.id }]);
    const day = (n: number) => new Date(Date.UTC(2026, 10, n, 14));
    await db.insert(auditEvents).values([
      ...[1, 2, 3].map((n) => ({
        at: day(n),
        actorId: partnerStaff.id,
        action: 'partner.connection_read',
        outcome: 'success' as const,
        subjectType: 'case',
        subjectId: made.caseId,
        siteId: made.siteId,
      })),
      // A refusal opened nothing.
      {
        at: day(4),
        actorId: partnerStaff.id,
        action: 'access.denied',
        outcome: 'denied' as const,
        subjectType: 'case',
        subjectId: made.caseId,
        siteId: made.siteId,
      },
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/person/record-accesses?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await made.person.get(url)).json<PersonRecordAccessList>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => `${item.firstAt.slice(0, 10)} ${item.roles.join()}`));
      const partnerDay = page.items.find((item) => item.roles.includes('partner_staff'));
      if (partnerDay)
        expect(partnerDay).toMatchObject({ organisationName: partnerOrg.name, changed: false });
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(1)).toEqual([
      '2026-11-03 partner_staff',
      '2026-11-02 partner_staff',
      '2026-11-01 partner_staff',
    ]);
    const bad = await made.person.get('/api/person/record-accesses?cursor=nope');
    expect(bad.statusCode).toBe(400);
  });
});

describe('withdrawing consent', () => {
  it('for sharing with partners: the partner no longer sees what it saw, at once; staff see it', async () => {
    const made = await personWithCase();
    const db = t.database.db;
    const partnerOrg = await makeOrganisation(db, 'community_partner');
    const partnerSite = await makeSite(db, { organisationId: partnerOrg.id });
    const staff = await makeAccount(db, [{ role: 'partner_staff', siteId: partnerSite.id }]);
    const partner = await signedIn(staff);
    const serviceId = `svc-${randomUUID()}`;
    await makePartnerListing(db, {
      partnerOrganisationId: partnerOrg.id,
      organization: { id: `org-${randomUUID()}`, name: { en: 'Choir', fr: 'Chorale' } },
      service: { id: serviceId, name: { en: 'Singing', fr: 'Chant' }, referralStatus: 'open' },
    });
    await db
      .update(consents)
      .set({ coversSharingWithPartners: true })
      .where(eq(consents.caseId, made.caseId));
    const saved = await made.linkWorker.request('PUT', `/api/cases/${made.caseId}/assessment`, {
      interests: 'Chant choral et tricot',
      strengths: 'Patiente',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const created = await propose(made, { serviceId, personWants: 'Chanter' });
    const sent = await made.linkWorker.post(`/api/connections/${created.id}/status`, {
      to: 'sent',
      version: created.version,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const before = (
      await partner.get(`/api/partner/connections/${created.id}`)
    ).json<PartnerConnectionDetail>();
    expect(before.person).toMatchObject({ interests: 'Chant choral et tricot' });

    expect((await made.person.get('/api/person/consents')).json<PersonConsents>()).toEqual({
      referrerUpdates: { given: true, withdrawnAt: null },
      partnerSharing: { given: true, withdrawnAt: null },
    });
    const withdrawn = await made.person.post('/api/person/consents/withdrawals', {
      scope: 'partner_sharing',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json<PersonConsents>()).toEqual({
      referrerUpdates: { given: true, withdrawnAt: null },
      partnerSharing: { given: false, withdrawnAt: expect.any(String) },
    });

    const after = await partner.get(`/api/partner/connections/${created.id}`);
    expect(after.statusCode).toBe(200);
    expect(after.json<PartnerConnectionDetail>().person).toMatchObject({
      interests: null,
      strengths: null,
    });
    expect(after.body).not.toContain('tricot');
    const detail = (await made.linkWorker.get(`/api/cases/${made.caseId}`)).json<CaseDetail>();
    expect(detail.consent).toMatchObject({
      coversSharingWithPartners: true,
      partnerSharingWithdrawnAt: expect.any(String),
      referrerUpdatesWithdrawnAt: null,
      withdrawnAt: null,
    });
    const [event] = await auditOf(made.caseId, 'person.consent_withdrawn');
    expect(event).toMatchObject({
      actorId: null,
      details: { via: 'person_session', scope: 'partner_sharing' },
    });
  });

  it('for updates to the referrer: no closing summary is sent and the referrer’s view withholds it', async () => {
    const db = t.database.db;
    const referrerSite = await makeSite(db);
    const referrerAccount = await makeAccount(db, [{ role: 'referrer', siteId: referrerSite.id }]);
    const made = await personWithCase({ referrerAccountId: referrerAccount.id });
    const withdrawn = await made.person.post('/api/person/consents/withdrawals', {
      scope: 'referrer_updates',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json<PersonConsents>().referrerUpdates.given).toBe(false);
    const summaries = await closeCounting(made, referrerAccount.email);
    expect(summaries).toEqual([]);
    const referrer = await signedIn(referrerAccount);
    const view = await referrer.get(`/api/referrals/${made.caseId}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json<Referral>()).toMatchObject({ summary: null, summaryWithheld: 'no_consent' });
  });

  it('the same case closed without a withdrawal does send the referrer its summary', async () => {
    const db = t.database.db;
    const referrerSite = await makeSite(db);
    const referrerAccount = await makeAccount(db, [{ role: 'referrer', siteId: referrerSite.id }]);
    const made = await personWithCase({ referrerAccountId: referrerAccount.id });
    const summaries = await closeCounting(made, referrerAccount.email);
    expect(summaries).toHaveLength(1);
  });

  it('refuses a scope it does not know, changing nothing', async () => {
    const made = await personWithCase();
    const response = await made.person.post('/api/person/consents/withdrawals', {
      scope: 'everything',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).field).toBe('scope');
    const [consent] = await t.database.db
      .select()
      .from(consents)
      .where(eq(consents.caseId, made.caseId));
    expect(consent?.referrerUpdatesWithdrawnAt).toBeNull();
  });
});

describe('asking for correction or erasure', () => {
  it('reaches the site manager, who records it refused with why; the person sees it', async () => {
    const made = await personWithCase();
    const db = t.database.db;
    const managerAccount = await makeAccount(db, [{ role: 'site_manager', siteId: made.siteId }]);
    const manager = await signedIn(managerAccount);
    const body = 'Ma date de naissance est fausse : c’est le 3 mars.';
    const asked = await made.person.post(`/api/person/cases/${made.caseId}/requests`, {
      kind: 'correction',
      body,
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const request = asked.json<PersonRequest>();
    expect(request).toMatchObject({ kind: 'correction', status: 'open', response: null });

    const [email] = await db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.recipient, managerAccount.email));
    expect(email?.kind).toBe('person.request_made');
    expect(email?.text).not.toContain('3 mars');
    const notices = (await manager.get('/api/notifications')).json<{
      items: { kind: string; href: string }[];
    }>();
    expect(notices.items[0]).toMatchObject({
      kind: 'person.request_made',
      href: `/cases/${made.caseId}`,
    });

    // The link worker sees it, but handling it is the site manager's.
    const seen = await made.linkWorker.get(`/api/cases/${made.caseId}/person-requests`);
    expect(seen.json<CasePersonRequestList>()).toMatchObject({
      canHandle: false,
      items: [{ id: request.id, body, status: 'open', version: 1 }],
    });
    const url = `/api/cases/${made.caseId}/person-requests/${request.id}/handling`;
    expect((await made.linkWorker.post(url, { status: 'done', version: 1 })).statusCode).toBe(403);
    const noReason = await manager.post(url, { status: 'refused', version: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason).field).toBe('response');
    const handled = await manager.post(url, {
      status: 'refused',
      response: 'Votre carte santé indique le 13 mars ; apportez un document.',
      version: 1,
    });
    expect(handled.statusCode, handled.body).toBe(200);
    expect(handled.json<CasePersonRequestList>().items[0]).toMatchObject({
      status: 'refused',
      handledByName: await nameOf(managerAccount.id),
    });
    const again = await manager.post(url, { status: 'done', version: 2 });
    expect(errorOf(again).code).toBe('person_request_handled');

    const mine = await made.person.get(`/api/person/cases/${made.caseId}/requests`);
    expect(mine.json<PersonRequestList>().items).toEqual([
      expect.objectContaining({
        status: 'refused',
        response: 'Votre carte santé indique le 13 mars ; apportez un document.',
        handledAt: expect.any(String),
      }),
    ]);
    // The person never learns who handled it.
    expect(mine.body).not.toContain(await nameOf(managerAccount.id));
    expect(await auditOf(made.caseId, 'person.request_made')).toHaveLength(1);
    const [handledEvent] = await auditOf(made.caseId, 'person_request.handled');
    expect(handledEvent).toMatchObject({
      actorId: managerAccount.id,
      details: { requestId: request.id, status: 'refused' },
    });
  });

  it('refuses a site manager of another site as not found', async () => {
    const made = await personWithCase();
    const other = await makeSite(t.database.db);
    const manager = await signedIn(
      await makeAccount(t.database.db, [{ role: 'site_manager', siteId: other.id }]),
    );
    const asked = (
      await made.person.post(`/api/person/cases/${made.caseId}/requests`, {
        kind: 'erasure',
        body: 'Effacez mon dossier.',
      })
    ).json<PersonRequest>();
    const response = await manager.post(
      `/api/cases/${made.caseId}/person-requests/${asked.id}/handling`,
      { status: 'done', version: 1 },
    );
    expect(response.statusCode).toBe(404);
  });
});

describe('the language of their space', () => {
  it('is kept on their record, and their session speaks it from then on', async () => {
    const made = await personWithCase({ locale: 'fr' });
    const changed = await made.person.request('PUT', '/api/person/language', { locale: 'en' });
    expect(changed.statusCode, changed.body).toBe(204);
    const [row] = await t.database.db.select().from(people).where(eq(people.id, made.personId));
    expect(row).toMatchObject({ preferredLanguage: 'en', version: 2 });
    const session = (await made.person.get('/api/person/session')).json<PersonSession>();
    expect(session.locale).toBe('en');
    const detail = (await made.linkWorker.get(`/api/cases/${made.caseId}`)).json<CaseDetail>();
    expect(detail.person.preferredLanguage).toBe('en');
    const [event] = await auditOf(made.caseId, 'person.language_changed');
    expect(event?.details).toMatchObject({ via: 'person_session', locale: 'en' });
    const refused = await made.person.request('PUT', '/api/person/language', { locale: 'de' });
    expect(refused.statusCode).toBe(400);
  });
});
