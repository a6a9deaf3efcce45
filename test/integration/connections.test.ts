import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionLinks, assessments, cases, consents } from '../../src/server/db/schema';
import type { AuditEventList } from '../../src/shared/contracts/audit';
import type {
  Connection,
  ConnectionList,
  LinkView,
  PartnerConnectionDetail,
  PartnerConnectionList,
} from '../../src/shared/contracts/connections';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import {
  makeAccount,
  makeCase,
  makeOrganisation,
  makePartnerListing,
  makeSite,
  type TestAccount,
} from '../helpers/factories';
import { type CapturedEmail, type SmtpCapture, startSmtpCapture } from '../helpers/smtp';
import { siteDay } from '../helpers/site-day';

let mail: SmtpCapture;
let t: TestApp;
let homeSiteId: string;
let linkWorker: TestAccount;
let lw: Client;
let partner: Client;
let otherPartner: Client;
let admin: Client;
let partnerStaff: TestAccount;
let partnerOrganisationId: string;
const serviceId = 'svc-walking-club';
const listingEmail = 'inscriptions@club-marche.example';
const caseContext = 'Lives alone since spring; would like to meet people.';

beforeAll(async () => {
  mail = await startSmtpCapture();
  t = await startTestApp({ SMTP_URL: mail.url, PUBLIC_URL: 'http://127.0.0.1:3999' });
  const db = t.database.db;
  homeSiteId = (await makeSite(db, { defaultLocale: 'fr' })).id;
  partnerOrganisationId = (await makeOrganisation(db, 'community_partner')).id;
  const partnerSite = await makeSite(db, { organisationId: partnerOrganisationId });
  const otherPartnerSite = await makeSite(db, {
    organisationId: (await makeOrganisation(db, 'community_partner')).id,
  });
  linkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }], {
    locale: 'en',
  });
  partnerStaff = await makeAccount(db, [{ role: 'partner_staff', siteId: partnerSite.id }], {
    locale: 'fr',
  });
  const otherStaff = await makeAccount(db, [
    { role: 'partner_staff', siteId: otherPartnerSite.id },
  ]);
  const administrator = await makeAccount(db, [{ role: 'administrator' }]);
  lw = new Client(t.app);
  partner = new Client(t.app);
  otherPartner = new Client(t.app);
  admin = new Client(t.app);
  await lw.signIn(linkWorker.email, linkWorker.password);
  await partner.signIn(partnerStaff.email, partnerStaff.password);
  await otherPartner.signIn(otherStaff.email, otherStaff.password);
  await admin.signIn(administrator.email, administrator.password);

  await makePartnerListing(db, {
    partnerOrganisationId,
    organization: {
      id: 'org-walking',
      name: { en: 'Walking Club of the Valley', fr: 'Club de marche de la vallée' },
    },
    service: {
      id: serviceId,
      name: { en: 'Tuesday morning walks', fr: 'Marches du mardi matin' },
      referralStatus: 'waitlist',
    },
    record: { email: listingEmail },
  });
});
afterAll(async () => {
  await t.close();
  await mail.close();
});
// Emails left in the outbox by an earlier test leave now, so each test reads only its own.
beforeEach(async () => {
  await t.deliverEmails();
  mail.clear();
});

/** A case of the home site, taken by the link worker. */
async function assignedCase(
  options: { sharing?: boolean } = {},
): Promise<{ id: string; reference: string }> {
  const db = t.database.db;
  const made = await makeCase(db, homeSiteId);
  await db
    .update(cases)
    .set({ assignedTo: linkWorker.id, status: 'active' })
    .where(eq(cases.id, made.id));
  await db.insert(assessments).values({
    caseId: made.id,
    interests: 'Birdwatching and gardening',
    strengths: 'Good listener',
    whatMatters: 'Not feeling alone at home',
  });
  if (options.sharing) {
    await db.insert(consents).values({
      personId: made.personId,
      caseId: made.id,
      givenBy: 'person',
      givenAt: new Date(),
      coversReferral: true,
      coversReferrerUpdates: true,
      coversSharingWithPartners: true,
    });
  }
  return made;
}

async function propose(caseId: string, body: Record<string, unknown>): Promise<Connection> {
  const response = await lw.post(`/api/cases/${caseId}/connections`, body);
  expect(response.statusCode).toBe(201);
  return response.json<Connection>();
}

async function move(
  connection: { id: string; version: number },
  to: string,
  extra: Record<string, unknown> = {},
): Promise<Connection> {
  const response = await lw.post(`/api/connections/${connection.id}/status`, {
    to,
    version: connection.version,
    ...extra,
  });
  expect(response.statusCode).toBe(200);
  return response.json<Connection>();
}

async function delivered(predicate: (e: CapturedEmail) => boolean): Promise<CapturedEmail> {
  await t.deliverEmails();
  return mail.waitFor(predicate);
}

async function auditOf(subjectId: string, action: string): Promise<AuditEventList['items']> {
  const response = await admin.get(`/api/audit-events?subjectId=${subjectId}&action=${action}`);
  return response.json<AuditEventList>().items;
}

function tokenOf(url: string): string {
  const token = url.split('/respond/')[1];
  if (!token) throw new Error(`not a respond link: ${url}`);
  return token;
}

describe("the link worker's connections", () => {
  it('proposes a connection to a directory service in the person’s language', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk with others' });
    expect(created).toMatchObject({
      serviceId,
      partnerOrganisationId,
      organisationName: 'Club de marche de la vallée',
      activity: 'Marches du mardi matin',
      partnerEmail: listingEmail,
      personWants: 'Walk with others',
      referralStatus: 'waitlist',
      status: 'proposed',
      version: 1,
      permissions: { nextStatuses: ['sent', 'not_taken_up'] },
    });
    expect(created.events).toMatchObject([{ fromStatus: null, toStatus: 'proposed' }]);
    const list = (await lw.get(`/api/cases/${made.id}/connections`)).json<ConnectionList>();
    expect(list.items).toEqual([created]);
    expect(list.permissions.create).toBe(true);
    const [event] = await auditOf(made.id, 'connection.proposed');
    expect(event).toMatchObject({ actorId: linkWorker.id, siteId: homeSiteId });
  });

  it('proposes a described organisation and activity', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, {
      organisationName: 'Friendly Knitters',
      activity: 'Knitting circle',
      personWants: 'Learn to knit',
    });
    expect(created).toMatchObject({
      serviceId: null,
      partnerOrganisationId: null,
      partnerEmail: null,
      referralStatus: null,
    });
  });

  it('refuses a proposal naming neither a service nor an organisation', async () => {
    const made = await assignedCase();
    const response = await lw.post(`/api/cases/${made.id}/connections`, { personWants: 'x' });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues?.map((i) => i.field)).toContain('organisationName');
  });

  it('refuses an unknown directory service', async () => {
    const made = await assignedCase();
    const response = await lw.post(`/api/cases/${made.id}/connections`, {
      serviceId: 'nope',
      personWants: 'x',
    });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).field).toBe('serviceId');
  });

  it('takes no new connection and offers no next step once the case is closed', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk' });
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date() })
      .where(eq(cases.id, made.id));
    const refused = await lw.post(`/api/cases/${made.id}/connections`, {
      serviceId,
      personWants: 'Walk',
    });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('case_closed');
    const moved = await lw.post(`/api/connections/${created.id}/status`, {
      to: 'sent',
      version: 1,
    });
    expect(errorOf(moved).code).toBe('case_closed');
    const list = (await lw.get(`/api/cases/${made.id}/connections`)).json<ConnectionList>();
    expect(list.permissions.create).toBe(false);
    expect(list.items[0]?.permissions.nextStatuses).toEqual([]);
  });

  it('refuses an invalid move with 409 and changes nothing', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk' });
    const response = await lw.post(`/api/connections/${created.id}/status`, {
      to: 'accepted',
      version: 1,
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('invalid_transition');
    const after = (await lw.get(`/api/cases/${made.id}/connections`)).json<ConnectionList>();
    expect(after.items).toEqual([created]);
  });

  it('refuses a stale version and a missing reason', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk' });
    await move(created, 'sent');
    const stale = await lw.post(`/api/connections/${created.id}/status`, {
      to: 'not_taken_up',
      reason: 'moved',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    const noReason = await lw.post(`/api/connections/${created.id}/status`, {
      to: 'not_taken_up',
      version: 2,
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason)).toMatchObject({ code: 'reason_required', field: 'reason' });
    const closed = await move({ id: created.id, version: 2 }, 'not_taken_up', {
      reason: 'not_the_right_time',
    });
    expect(closed).toMatchObject({ status: 'not_taken_up', statusReason: 'not_the_right_time' });
    expect(closed.permissions.nextStatuses).toEqual([]);
  });

  it('sends to the partner: its staff are told to sign in, the listing address gets links, and no email says who', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk with others' });
    const sent = await move(created, 'sent');
    expect(sent.status).toBe('sent');
    const toStaff = await delivered((e) => e.to.includes(partnerStaff.email.toLowerCase()));
    // In the staff member's language (French), about the activity only.
    expect(toStaff.subject).toBe('Une orientation vers Marches du mardi matin');
    expect(toStaff.links).toEqual([`http://127.0.0.1:3999/partner/connections/${created.id}`]);
    const toListing = await mail.waitFor((e) => e.to.includes(listingEmail));
    expect(toListing.links).toHaveLength(2);
    expect(toListing.text).toContain('lien sécurisé');
    // French typography: a narrow no-break space before each link's colon.
    expect(toListing.text).toContain('Accepter l’orientation\u202f:\nhttp');
    const person = (await lw.get(`/api/cases/${made.id}/connections`)).json<ConnectionList>();
    expect(person.items[0]?.status).toBe('sent');
    for (const email of [toStaff, toListing]) {
      expect(email.text).not.toContain('Camille');
      expect(email.text).not.toContain('Walk with others');
      expect(email.text).not.toContain(made.reference);
    }
    const [event] = await auditOf(made.id, 'connection.sent');
    expect(event?.details).toMatchObject({ connectionId: created.id, notifiedStaff: 1 });
  });
});

describe('partner staff', () => {
  it('see only what was sent to their organisation, with the minimum necessary', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk with others' });
    expect((await partner.get(`/api/partner/connections/${created.id}`)).statusCode).toBe(404);
    await move(created, 'sent');

    const list = (await partner.get('/api/partner/connections')).json<PartnerConnectionList>();
    expect(list.items.map((i) => i.id)).toContain(created.id);
    const filtered = (
      await partner.get('/api/partner/connections?status=accepted')
    ).json<PartnerConnectionList>();
    expect(filtered.items.map((i) => i.id)).not.toContain(created.id);

    const response = await partner.get(`/api/partner/connections/${created.id}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json<PartnerConnectionDetail>();
    expect(detail).toMatchObject({
      activity: 'Marches du mardi matin',
      status: 'sent',
      person: {
        preferredLanguage: 'fr',
        contactPreference: 'phone',
        contactDetail: '613-555-0142',
        wants: 'Walk with others',
        interests: null,
        strengths: null,
      },
      linkWorker: { email: linkWorker.email },
      permissions: { nextStatuses: ['accepted', 'declined'] },
    });
    expect(detail.person.name).toMatch(/^Camille Tremblay-/);
    for (const secret of [caseContext, 'loneliness', 'Birdwatching', 'Not feeling alone']) {
      expect(response.body).not.toContain(secret);
    }
    expect(await auditOf(made.id, 'partner.connection_read')).toHaveLength(1);

    const other = await otherPartner.get(`/api/partner/connections/${created.id}`);
    expect(other.statusCode).toBe(404);
    const otherList = (
      await otherPartner.get('/api/partner/connections')
    ).json<PartnerConnectionList>();
    expect(otherList.items.map((i) => i.id)).not.toContain(created.id);
    const otherMove = await otherPartner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'accepted',
      version: 2,
    });
    expect(otherMove.statusCode).toBe(404);
  });

  it('never see a proposal recorded as not taken up before it was sent, but keep one sent before', async () => {
    const made = await assignedCase({ sharing: true });
    const unsent = await propose(made.id, { serviceId, personWants: 'Walk with others' });
    await move(unsent, 'not_taken_up', { reason: 'not_the_right_time' });
    const sentFirst = await propose(made.id, { serviceId, personWants: 'Walk' });
    await move(await move(sentFirst, 'sent'), 'not_taken_up', { reason: 'not_the_right_time' });

    for (const query of ['', '?status=not_taken_up']) {
      const list = (
        await partner.get(`/api/partner/connections${query}`)
      ).json<PartnerConnectionList>();
      expect(list.items.map((i) => i.id)).not.toContain(unsent.id);
      expect(list.items.map((i) => i.id)).toContain(sentFirst.id);
    }
    const detail = await partner.get(`/api/partner/connections/${unsent.id}`);
    expect(detail.statusCode).toBe(404);
    expect(detail.body).not.toContain('Walk with others');
    const answer = await partner.post(`/api/partner/connections/${unsent.id}/status`, {
      to: 'accepted',
      version: 2,
    });
    expect(answer.statusCode).toBe(404);
    expect((await partner.get(`/api/partner/connections/${sentFirst.id}`)).statusCode).toBe(200);
  });

  it('see interests and strengths only when the person consented to share them', async () => {
    const made = await assignedCase({ sharing: true });
    const created = await propose(made.id, { serviceId, personWants: 'Walk' });
    await move(created, 'sent');
    const detail = (
      await partner.get(`/api/partner/connections/${created.id}`)
    ).json<PartnerConnectionDetail>();
    expect(detail.person).toMatchObject({
      interests: 'Birdwatching and gardening',
      strengths: 'Good listener',
    });
  });

  it('refuses an attendance dated in the future or long past, changing nothing', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk' });
    await move(created, 'sent');
    const day = (offset: number): string => siteDay(offset);
    await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'accepted',
      version: 2,
    });
    for (const [firstAttendedOn, words] of [
      [day(400), /ne peut pas être dans le futur/],
      ['0001-01-01', /des 10 dernières années/],
    ] as const) {
      const refused = await partner.post(`/api/partner/connections/${created.id}/status`, {
        to: 'attended',
        firstAttendedOn,
        version: 3,
      });
      expect(refused.statusCode, firstAttendedOn).toBe(400);
      expect(errorOf(refused)).toMatchObject({
        code: 'validation_failed',
        field: 'firstAttendedOn',
      });
      expect(errorOf(refused).issues?.[0]?.message).toMatch(words);
    }
    const byLinkWorker = await lw.post(`/api/connections/${created.id}/status`, {
      to: 'attended',
      firstAttendedOn: day(400),
      version: 3,
    });
    expect(errorOf(byLinkWorker)).toMatchObject({ field: 'firstAttendedOn' });
    const still = (
      await partner.get(`/api/partner/connections/${created.id}`)
    ).json<PartnerConnectionDetail>();
    expect(still).toMatchObject({ status: 'accepted', firstAttendedOn: null, version: 3 });
    const attended = await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'attended',
      firstAttendedOn: day(-2),
      version: 3,
    });
    expect(attended.json<PartnerConnectionDetail>()).toMatchObject({
      status: 'attended',
      firstAttendedOn: day(-2),
    });
  });

  it('accept, record attendance and a stop with its reason; the link worker is told each time', async () => {
    const made = await assignedCase();
    const created = await propose(made.id, { serviceId, personWants: 'Walk' });
    await move(created, 'sent');
    mail.clear();
    const accepted = await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'accepted',
      version: 2,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<PartnerConnectionDetail>()).toMatchObject({
      status: 'accepted',
      version: 3,
      permissions: { nextStatuses: ['attended', 'did_not_attend'] },
    });
    const told = await delivered((e) => e.to.includes(linkWorker.email.toLowerCase()));
    expect(told.subject).toContain(made.reference);
    expect(told.text).not.toContain('Camille');

    const invalid = await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'ongoing',
      version: 3,
    });
    expect(invalid.statusCode).toBe(409);
    expect(errorOf(invalid).code).toBe('invalid_transition');
    const stale = await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'attended',
      version: 2,
    });
    expect(errorOf(stale).code).toBe('stale_version');

    await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'attended',
      firstAttendedOn: '2026-11-03',
      version: 3,
    });
    const noReason = await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'stopped',
      version: 4,
    });
    expect(errorOf(noReason).code).toBe('reason_required');
    const stopped = await partner.post(`/api/partner/connections/${created.id}/status`, {
      to: 'stopped',
      reason: 'transport',
      version: 4,
    });
    expect(stopped.json<PartnerConnectionDetail>()).toMatchObject({
      status: 'stopped',
      statusReason: 'transport',
      firstAttendedOn: '2026-11-03',
    });
    const seen = (await lw.get(`/api/cases/${made.id}/connections`)).json<ConnectionList>();
    expect(seen.items[0]?.events.map((e) => [e.toStatus, e.via, e.actorName])).toEqual([
      ['proposed', 'account', expect.any(String)],
      ['sent', 'account', expect.any(String)],
      ['accepted', 'account', expect.any(String)],
      ['attended', 'account', expect.any(String)],
      ['stopped', 'account', expect.any(String)],
    ]);
    const [audit] = await auditOf(made.id, 'connection.stopped');
    expect(audit?.actorId).toBe(partnerStaff.id);
  });

  it('cannot use the link worker’s routes, and the link worker cannot use theirs', async () => {
    const made = await assignedCase();
    expect((await partner.get(`/api/cases/${made.id}/connections`)).statusCode).toBe(403);
    expect((await lw.get('/api/partner/connections')).statusCode).toBe(403);
  });
});

describe('emailed links', () => {
  async function sentByLink(): Promise<{
    caseId: string;
    connection: Connection;
    accept: string;
    decline: string;
  }> {
    const made = await assignedCase();
    const created = await propose(made.id, {
      organisationName: 'Les Tricoteuses',
      activity: 'Cercle de tricot',
      partnerEmail: 'tricot@example.org',
      personWants: 'Apprendre à tricoter',
    });
    await move(created, 'sent');
    const email = await delivered(
      (e) => e.to.includes('tricot@example.org') && e.text.includes('Cercle de tricot'),
    );
    const [accept, decline] = email.links.map(tokenOf);
    if (!accept || !decline) throw new Error('two links expected');
    return { caseId: made.id, connection: created, accept, decline };
  }

  it('accept, then the next email’s attendance link, each link once', async () => {
    const { caseId, connection, accept, decline } = await sentByLink();
    const anonymous = new Client(t.app);
    const view = await anonymous.get(`/api/links/${accept}`);
    expect(view.statusCode).toBe(200);
    const body = view.json<LinkView>();
    expect(body).toMatchObject({
      action: 'accepted',
      connection: { activity: 'Cercle de tricot', person: { wants: 'Apprendre à tricoter' } },
    });
    expect(Object.keys(body.connection).sort()).toEqual(
      [
        'activity',
        'caseReference',
        'firstAttendedOn',
        'id',
        'linkWorker',
        'organisationName',
        'partnerMessage',
        'person',
        'startsOn',
        'status',
        'statusReason',
      ].sort(),
    );
    expect(view.body).not.toContain(caseContext);
    expect(view.body).not.toContain('Birdwatching');

    mail.clear();
    const accepted = await anonymous.post(`/api/links/${accept}`, {});
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ action: 'accepted', status: 'accepted' });
    const again = await anonymous.post(`/api/links/${accept}`, {});
    expect(again.statusCode).toBe(410);
    expect(errorOf(again).code).toBe('link_used');
    expect(errorOf(await anonymous.get(`/api/links/${accept}`)).code).toBe('link_used');
    expect(errorOf(await anonymous.post(`/api/links/${decline}`, { reason: 'full' })).code).toBe(
      'link_used',
    );

    const next = await delivered((e) => e.to.includes('tricot@example.org'));
    // One link per answer the partner may give next: the person came, or did not.
    expect(next.links).toHaveLength(2);
    const [attendedToken, missedToken] = next.links.map(tokenOf);
    expect((await anonymous.get(`/api/links/${missedToken}`)).json<LinkView>().action).toBe(
      'did_not_attend',
    );
    expect((await anonymous.get(`/api/links/${attendedToken}`)).json<LinkView>().action).toBe(
      'attended',
    );
    mail.clear();
    const attended = await anonymous.post(`/api/links/${attendedToken}`, {
      firstAttendedOn: '2026-11-10',
    });
    expect(attended.json()).toEqual({ action: 'attended', status: 'attended' });
    const last = await delivered((e) => e.to.includes('tricot@example.org'));
    expect(last.links).toHaveLength(2);

    const seen = (await lw.get(`/api/cases/${caseId}/connections`)).json<ConnectionList>();
    expect(seen.items[0]).toMatchObject({ status: 'attended', firstAttendedOn: '2026-11-10' });
    expect(seen.items[0]?.events.slice(2).map((e) => [e.toStatus, e.via, e.actorName])).toEqual([
      ['accepted', 'link', null],
      ['attended', 'link', null],
    ]);
    const [audit] = await auditOf(caseId, 'connection.accepted');
    expect(audit?.actorId).toBeNull();
    expect(audit?.details).toMatchObject({ connectionId: connection.id, via: 'link' });
    expect(typeof audit?.details['linkId']).toBe('string');
  });

  it('a decline needs its reason, and a refused answer leaves the link usable', async () => {
    const { decline } = await sentByLink();
    const anonymous = new Client(t.app);
    const missing = await anonymous.post(`/api/links/${decline}`, {});
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).code).toBe('reason_required');
    const declined = await anonymous.post(`/api/links/${decline}`, { reason: 'full' });
    expect(declined.json()).toEqual({ action: 'declined', status: 'declined' });
  });

  it('take no more answers once the case has closed, by link or by account', async () => {
    const { caseId, accept } = await sentByLink();
    const toPartner = await propose(caseId, { serviceId, personWants: 'Walk' });
    await move(toPartner, 'sent');
    const answers = async (): Promise<string[]> =>
      (
        await partner.get(`/api/partner/connections/${toPartner.id}`)
      ).json<PartnerConnectionDetail>().permissions.nextStatuses;
    expect(await answers()).toContain('accepted');
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date() })
      .where(eq(cases.id, caseId));
    expect(await answers()).toEqual([]);
    const anonymous = new Client(t.app, 'fr');
    const view = await anonymous.get(`/api/links/${accept}`);
    expect(view.statusCode).toBe(409);
    expect(errorOf(view)).toMatchObject({ code: 'connection_case_closed' });
    expect(errorOf(view).message).toContain('accompagnement');
    const answered = await anonymous.post(`/api/links/${accept}`, {});
    expect(errorOf(answered).code).toBe('connection_case_closed');
    const byAccount = await partner.post(`/api/partner/connections/${toPartner.id}/status`, {
      to: 'accepted',
      version: 2,
    });
    expect(byAccount.statusCode).toBe(409);
    expect(errorOf(byAccount).code).toBe('connection_case_closed');
    const list = (await lw.get(`/api/cases/${caseId}/connections`)).json<ConnectionList>();
    expect(list.items.map((item) => item.status)).toEqual(['sent', 'sent']);
  });

  it('refuses a tampered or an expired link', async () => {
    const { accept, connection } = await sentByLink();
    const anonymous = new Client(t.app);
    const tampered = `${accept.slice(0, -2)}${accept.endsWith('AA') ? 'BB' : 'AA'}`;
    const bad = await anonymous.get(`/api/links/${tampered}`);
    expect(bad.statusCode).toBe(404);
    expect(errorOf(bad).code).toBe('link_invalid');
    expect(errorOf(await anonymous.post(`/api/links/${tampered}`, {})).code).toBe('link_invalid');

    await t.database.db
      .update(actionLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(actionLinks.subjectId, connection.id));
    const expired = await anonymous.post(`/api/links/${accept}`, {});
    expect(expired.statusCode).toBe(410);
    expect(errorOf(expired).code).toBe('link_expired');
    expect(errorOf(await anonymous.get(`/api/links/${accept}`)).code).toBe('link_expired');
  });
});
