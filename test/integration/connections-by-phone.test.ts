import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accounts, cases, connections, outboundEmails, people } from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type { AuditEventList } from '../../src/shared/contracts/audit';
import type {
  Connection,
  ConnectionList,
  LinkView,
  PartnerConnectionDetail,
} from '../../src/shared/contracts/connections';
import type { Dashboard } from '../../src/shared/contracts/reports';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import {
  makeAccount,
  makeCase,
  makeOrganisation,
  makePartnerListing,
  makePerson,
  makeSite,
  type TestAccount,
} from '../helpers/factories';
import { type CapturedEmail, type SmtpCapture, startSmtpCapture } from '../helpers/smtp';

let mail: SmtpCapture;
let t: TestApp;
let homeSiteId: string;
let linkWorker: TestAccount;
let linkWorkerName: string;
let lw: Client;
let colleague: Client;
let partner: Client;
let admin: Client;
let partnerOrganisationId: string;
let partnerStaffEmail: string;
const serviceId = 'svc-community-garden';

beforeAll(async () => {
  mail = await startSmtpCapture();
  t = await startTestApp({ SMTP_URL: mail.url, PUBLIC_URL: 'http://127.0.0.1:3998' });
  const db = t.database.db;
  homeSiteId = (await makeSite(db, { defaultLocale: 'fr' })).id;
  partnerOrganisationId = (await makeOrganisation(db, 'community_partner')).id;
  const partnerSite = await makeSite(db, { organisationId: partnerOrganisationId });
  linkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }], {
    locale: 'en',
  });
  const [named] = await db
    .select({ name: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, linkWorker.id));
  linkWorkerName = named?.name ?? '';
  const other = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }]);
  const partnerStaff = await makeAccount(db, [{ role: 'partner_staff', siteId: partnerSite.id }]);
  partnerStaffEmail = partnerStaff.email.toLowerCase();
  const administrator = await makeAccount(db, [{ role: 'administrator' }]);
  lw = new Client(t.app);
  colleague = new Client(t.app);
  partner = new Client(t.app);
  admin = new Client(t.app);
  await lw.signIn(linkWorker.email, linkWorker.password);
  await colleague.signIn(other.email, other.password);
  await partner.signIn(partnerStaff.email, partnerStaff.password);
  await admin.signIn(administrator.email, administrator.password);
  await makePartnerListing(db, {
    partnerOrganisationId,
    organization: {
      id: 'org-garden',
      name: { en: 'Community Garden of the Valley', fr: 'Jardin communautaire de la vallée' },
    },
    service: {
      id: serviceId,
      name: { en: 'Saturday gardening', fr: 'Jardinage du samedi' },
      referralStatus: 'open',
    },
  });
});
afterAll(async () => {
  await t.close();
  await mail.close();
});
beforeEach(async () => {
  await t.deliverEmails();
  mail.clear();
});

/** A connection of a fresh case taken by the link worker, sent to the partner organisation. */
async function sentConnection(
  extra: Record<string, unknown> = {},
  personId?: string,
): Promise<{ caseId: string; connection: Connection }> {
  const made = await makeCase(t.database.db, homeSiteId, personId ? { personId } : {});
  await t.database.db
    .update(cases)
    .set({ assignedTo: linkWorker.id, status: 'active' })
    .where(eq(cases.id, made.id));
  const proposed = await lw.post(`/api/cases/${made.id}/connections`, {
    serviceId,
    personWants: 'Grow vegetables with others',
    ...extra,
  });
  expect(proposed.statusCode).toBe(201);
  const created = proposed.json<Connection>();
  const sent = await lw.post(`/api/connections/${created.id}/status`, {
    to: 'sent',
    version: created.version,
  });
  expect(sent.statusCode).toBe(200);
  return { caseId: made.id, connection: sent.json<Connection>() };
}

async function byPhone(
  client: Client,
  connection: { id: string; version: number },
  body: Record<string, unknown>,
): Promise<Connection> {
  const response = await client.post(`/api/connections/${connection.id}/partner-answers`, {
    version: connection.version,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Connection>();
}

async function auditOf(subjectId: string, action: string): Promise<AuditEventList['items']> {
  const response = await admin.get(`/api/audit-events?subjectId=${subjectId}&action=${action}`);
  return response.json<AuditEventList>().items;
}

describe("a partner's answer given by phone", () => {
  it('records an acceptance with its start date and message, as the partner’s, by the link worker, by phone', async () => {
    const { caseId, connection } = await sentConnection();
    expect(connection.permissions).toEqual({
      nextStatuses: ['not_taken_up'],
      partnerAnswers: ['accepted', 'declined'],
    });
    const accepted = await byPhone(lw, connection, {
      to: 'accepted',
      startsOn: '2026-12-12',
      partnerMessage: 'Come to the greenhouse at 10, bring gloves.',
    });
    expect(accepted).toMatchObject({
      status: 'accepted',
      startsOn: '2026-12-12',
      partnerMessage: 'Come to the greenhouse at 10, bring gloves.',
      permissions: {
        nextStatuses: ['attended', 'did_not_attend', 'not_taken_up'],
        partnerAnswers: ['attended', 'did_not_attend'],
      },
    });
    expect(accepted.events.at(-1)).toMatchObject({
      fromStatus: 'sent',
      toStatus: 'accepted',
      via: 'phone',
      actorName: linkWorkerName,
    });
    // The partner sees what was recorded in its name.
    const seen = (
      await partner.get(`/api/partner/connections/${connection.id}`)
    ).json<PartnerConnectionDetail>();
    expect(seen).toMatchObject({
      status: 'accepted',
      startsOn: '2026-12-12',
      partnerMessage: 'Come to the greenhouse at 10, bring gloves.',
    });
    const [event] = await auditOf(caseId, 'connection.accepted');
    expect(event).toMatchObject({ actorId: linkWorker.id, siteId: homeSiteId });
    expect(event?.details).toMatchObject({
      connectionId: connection.id,
      from: 'sent',
      to: 'accepted',
      via: 'phone',
      onBehalfOf: partnerOrganisationId,
    });
    // Whoever recorded it knows already: the link worker gets no email about their own call.
    const toLinkWorker = await t.database.db
      .select({ kind: outboundEmails.kind })
      .from(outboundEmails)
      .where(
        and(
          eq(outboundEmails.recipient, linkWorker.email),
          eq(outboundEmails.kind, 'connection.answered'),
        ),
      );
    expect(toLinkWorker).toEqual([]);
  });

  it('tells the case’s link worker when a colleague records the answer', async () => {
    const { connection } = await sentConnection();
    const accepted = await byPhone(colleague, connection, { to: 'accepted' });
    expect(accepted.events.at(-1)?.via).toBe('phone');
    await t.deliverEmails();
    const told = await mail.waitFor((e) => e.to.includes(linkWorker.email.toLowerCase()));
    expect(told.subject).toContain('accepted');
  });

  it('records a decline with its reason, which closes the loop', async () => {
    const { connection } = await sentConnection();
    const missing = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'declined',
      version: connection.version,
    });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'reason_required', field: 'reason' });
    const declined = await byPhone(lw, connection, { to: 'declined', reason: 'full' });
    expect(declined).toMatchObject({
      status: 'declined',
      statusReason: 'full',
      permissions: { nextStatuses: [], partnerAnswers: [] },
    });
    expect(declined.events.at(-1)).toMatchObject({ toStatus: 'declined', reason: 'full' });
  });

  it('records a start with its first date, then a stop with its reason', async () => {
    const { connection } = await sentConnection();
    const accepted = await byPhone(lw, connection, { to: 'accepted' });
    expect(accepted).toMatchObject({ startsOn: null, partnerMessage: null });
    const started = await byPhone(lw, accepted, { to: 'attended', firstAttendedOn: '2026-11-21' });
    expect(started).toMatchObject({ status: 'attended', firstAttendedOn: '2026-11-21' });
    const stopped = await byPhone(lw, started, { to: 'stopped', reason: 'health' });
    expect(stopped).toMatchObject({ status: 'stopped', statusReason: 'health' });
    expect(stopped.events.map((e) => [e.toStatus, e.via])).toEqual([
      ['proposed', 'account'],
      ['sent', 'account'],
      ['accepted', 'phone'],
      ['attended', 'phone'],
      ['stopped', 'phone'],
    ]);
  });

  it('records that the person did not attend; they may still come, or not take it up', async () => {
    const { caseId, connection } = await sentConnection();
    const accepted = await byPhone(lw, connection, { to: 'accepted', startsOn: '2026-11-14' });
    const missed = await byPhone(lw, accepted, { to: 'did_not_attend' });
    expect(missed).toMatchObject({
      status: 'did_not_attend',
      // The start date the partner gave stays: it is when the person was expected.
      startsOn: '2026-11-14',
      permissions: {
        nextStatuses: ['attended', 'not_taken_up'],
        partnerAnswers: ['attended'],
      },
    });
    const [event] = await auditOf(caseId, 'connection.did_not_attend');
    expect(event?.details).toMatchObject({ via: 'phone', from: 'accepted' });
    // "Stopped" says the person came: refused after a missed start, and nothing changes.
    const stopped = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'stopped',
      reason: 'lost_interest',
      version: missed.version,
    });
    expect(stopped.statusCode).toBe(409);
    expect(errorOf(stopped).code).toBe('invalid_transition');
    const came = await byPhone(lw, missed, { to: 'attended', firstAttendedOn: '2026-11-21' });
    expect(came).toMatchObject({ status: 'attended', firstAttendedOn: '2026-11-21' });
  });

  it('lets the link worker close a missed start as not taken up', async () => {
    const { connection } = await sentConnection();
    const accepted = await byPhone(lw, connection, { to: 'accepted' });
    const missed = await byPhone(lw, accepted, { to: 'did_not_attend' });
    const response = await lw.post(`/api/connections/${connection.id}/status`, {
      to: 'not_taken_up',
      reason: 'not_the_right_time',
      version: missed.version,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<Connection>()).toMatchObject({
      status: 'not_taken_up',
      permissions: { nextStatuses: [], partnerAnswers: [] },
    });
  });

  it('refuses what the partner could not answer, a stale version, and a start date without an acceptance', async () => {
    const made = await makeCase(t.database.db, homeSiteId);
    await t.database.db
      .update(cases)
      .set({ assignedTo: linkWorker.id, status: 'active' })
      .where(eq(cases.id, made.id));
    const proposed = (
      await lw.post(`/api/cases/${made.id}/connections`, { serviceId, personWants: 'Garden' })
    ).json<Connection>();
    expect(proposed.permissions.partnerAnswers).toEqual([]);
    // Not sent yet: the partner has nothing to answer.
    const early = await lw.post(`/api/connections/${proposed.id}/partner-answers`, {
      to: 'accepted',
      version: proposed.version,
    });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('invalid_transition');

    const { connection } = await sentConnection();
    const attendedFirst = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'attended',
      version: connection.version,
    });
    expect(errorOf(attendedFirst).code).toBe('invalid_transition');
    const stale = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'accepted',
      version: connection.version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    const dated = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'declined',
      reason: 'full',
      startsOn: '2026-12-01',
      version: connection.version,
    });
    expect(dated.statusCode).toBe(400);
    expect(errorOf(dated).field).toBe('startsOn');
    // A link worker's own move cannot be recorded as the partner's.
    const notPartners = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'not_taken_up',
      reason: 'other',
      version: connection.version,
    });
    expect(notPartners.statusCode).toBe(400);
    const after = (
      await lw.get(`/api/cases/${connection.caseId}/connections`)
    ).json<ConnectionList>();
    expect(after.items[0]).toMatchObject({ status: 'sent', version: connection.version });
  });

  it('takes no answer once the case has closed', async () => {
    const { caseId, connection } = await sentConnection();
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date() })
      .where(eq(cases.id, caseId));
    const response = await lw.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'accepted',
      version: connection.version,
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('case_closed');
  });
});

describe('the partner hears in writing of an answer it gave by phone', () => {
  /** The emails to one address about one connection's phone answers, oldest first. */
  async function phoneConfirmations(to: string): Promise<CapturedEmail[]> {
    await t.deliverEmails();
    await mail.waitFor((e) => e.to.includes(to) && /enregistrée|was recorded/.test(e.subject));
    return mail
      .messages()
      .filter((e) => e.to.includes(to) && /enregistrée|was recorded/.test(e.subject));
  }

  it('gets, in its language, what was recorded and by whom, and working links for the next answers', async () => {
    const address = `jardin-${Date.now().toString(36)}@example.org`;
    const { caseId, connection } = await sentConnection({ partnerEmail: address });
    const [person] = await t.database.db
      .select({ given: people.givenName, family: people.familyName })
      .from(cases)
      .innerJoin(people, eq(people.id, cases.personId))
      .where(eq(cases.id, caseId));
    await t.deliverEmails();
    mail.clear();

    await byPhone(lw, connection, {
      to: 'accepted',
      startsOn: '2026-12-12',
      partnerMessage: 'Come to the greenhouse at 10, bring gloves.',
    });
    const [email, ...more] = await phoneConfirmations(address);
    expect(more).toEqual([]);
    // The referring site speaks French, as did the partner's first email.
    expect(email?.subject).toBe(
      `Votre réponse au sujet d’une orientation vers ${connection.activity} a été enregistrée`,
    );
    expect(email?.text).toContain(`${linkWorkerName}, de `);
    expect(email?.text).toContain('par téléphone');
    expect(email?.text).toContain('Réponse enregistrée\u202f: acceptée.');
    expect(email?.text).toContain('Indiquer que la personne est venue');
    // The minimum its other emails carry: neither the person nor what the partner told them.
    for (const withheld of [person?.given ?? '?', person?.family ?? '?', 'greenhouse']) {
      expect(email?.text).not.toContain(withheld);
    }
    const tokens = (email?.links ?? []).map((url) => url.split('/respond/')[1] ?? '');
    const anonymous = new Client(t.app);
    const actions = await Promise.all(
      tokens.map(async (token) => (await anonymous.get(`/api/links/${token}`)).json<LinkView>()),
    );
    expect(actions.map((view) => view.action)).toEqual(['attended', 'did_not_attend']);
    const started = await anonymous.post(`/api/links/${tokens[0] ?? ''}`, {
      firstAttendedOn: '2026-11-28',
    });
    expect(started.statusCode, started.body).toBe(200);
    const seen = (await lw.get(`/api/cases/${caseId}/connections`)).json<ConnectionList>();
    expect(seen.items[0]).toMatchObject({ status: 'attended', firstAttendedOn: '2026-11-28' });

    // Its staff with accounts are told too, with the way to sign in rather than links.
    const staff = await mail.waitFor(
      (e) => e.to.includes(partnerStaffEmail) && /enregistrée|was recorded/.test(e.subject),
    );
    expect(staff.links).toEqual([`http://127.0.0.1:3998/partner/connections/${connection.id}`]);
  });

  it('after a final answer, gets the confirmation alone', async () => {
    const address = `club-${Date.now().toString(36)}@example.org`;
    const { connection } = await sentConnection({ partnerEmail: address });
    await t.deliverEmails();
    mail.clear();
    await byPhone(lw, connection, { to: 'declined', reason: 'full' });
    const [email, ...more] = await phoneConfirmations(address);
    expect(more).toEqual([]);
    expect(email?.text).toContain('Réponse enregistrée\u202f: refusée.');
    expect(email?.links).toEqual([]);
  });
});

describe("the partner's own acceptance carries a start date and a message", () => {
  it('signed in: the link worker sees both on the case', async () => {
    const { caseId, connection } = await sentConnection();
    const response = await partner.post(`/api/partner/connections/${connection.id}/status`, {
      to: 'accepted',
      startsOn: '2026-12-05',
      partnerMessage: 'Ask for Marie at the gate.',
      version: connection.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<PartnerConnectionDetail>()).toMatchObject({
      startsOn: '2026-12-05',
      partnerMessage: 'Ask for Marie at the gate.',
      permissions: { nextStatuses: ['attended', 'did_not_attend'] },
    });
    const seen = (await lw.get(`/api/cases/${caseId}/connections`)).json<ConnectionList>();
    expect(seen.items[0]).toMatchObject({
      startsOn: '2026-12-05',
      partnerMessage: 'Ask for Marie at the gate.',
    });
    expect(seen.items[0]?.events.at(-1)).toMatchObject({ via: 'account', toStatus: 'accepted' });

    const missed = await partner.post(`/api/partner/connections/${connection.id}/status`, {
      to: 'did_not_attend',
      version: connection.version + 1,
    });
    expect(missed.statusCode).toBe(200);
    expect(missed.json<PartnerConnectionDetail>().status).toBe('did_not_attend');
  });

  it('refuses a message with anything but an acceptance, naming the field', async () => {
    const { connection } = await sentConnection();
    const response = await partner.post(`/api/partner/connections/${connection.id}/status`, {
      to: 'declined',
      reason: 'full',
      partnerMessage: 'Sorry',
      version: connection.version,
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).field).toBe('partnerMessage');
  });

  it('by emailed link: the acceptance link takes both, a decline link takes neither', async () => {
    const { caseId } = await sentConnection({ partnerEmail: 'jardin@example.org' });
    const email = await (async () => {
      await t.deliverEmails();
      return mail.waitFor((e) => e.to.includes('jardin@example.org'));
    })();
    const tokens = email.links.map((url) => url.split('/respond/')[1] ?? '');
    const anonymous = new Client(t.app);
    const views = await Promise.all(
      tokens.map(async (token) => ({
        token,
        action: (await anonymous.get(`/api/links/${token}`)).json<LinkView>().action,
      })),
    );
    const accept = views.find((v) => v.action === 'accepted')?.token ?? '';
    const decline = views.find((v) => v.action === 'declined')?.token ?? '';
    const refused = await anonymous.post(`/api/links/${decline}`, {
      reason: 'full',
      startsOn: '2026-12-01',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).field).toBe('startsOn');
    const accepted = await anonymous.post(`/api/links/${accept}`, {
      startsOn: '2026-12-19',
      partnerMessage: 'Bring boots.',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const seen = (await lw.get(`/api/cases/${caseId}/connections`)).json<ConnectionList>();
    expect(seen.items[0]).toMatchObject({
      status: 'accepted',
      startsOn: '2026-12-19',
      partnerMessage: 'Bring boots.',
    });
    // The next email's links show the partner what it said.
    await t.deliverEmails();
    const next = await mail.waitFor(
      (e) => e.to.includes('jardin@example.org') && e.links.length === 2 && e !== email,
    );
    const nextView = (
      await anonymous.get(`/api/links/${next.links[0]?.split('/respond/')[1] ?? ''}`)
    ).json<LinkView>();
    expect(nextView.connection).toMatchObject({
      startsOn: '2026-12-19',
      partnerMessage: 'Bring boots.',
    });
  });
});

describe('the person', () => {
  it('who chose email hears, in their language, when the partner expects them and its message', async () => {
    const person = await makePerson(t.database.db, homeSiteId, {
      givenName: 'Odile',
      preferredLanguage: 'fr',
      contactPreference: 'email',
      email: 'odile@example.org',
    });
    const { connection } = await sentConnection({}, person.id);
    await byPhone(lw, connection, {
      to: 'accepted',
      startsOn: '2026-12-12',
      partnerMessage: 'Rendez-vous à la serre à 10 h.',
    });
    await t.deliverEmails();
    const notice = await mail.waitFor((e) => e.to.includes('odile@example.org'));
    expect(notice.subject).toBe(
      'Jardin communautaire de la vallée vous attend\u202f: Jardinage du samedi',
    );
    expect(notice.text).toContain('Bonjour Odile,');
    expect(notice.text).toContain('Vous pouvez commencer le 12 décembre 2026.');
    expect(notice.text).toContain('Rendez-vous à la serre à 10 h.');
    // Nothing of the case: no reasons, no context, no reference.
    expect(notice.text).not.toContain('Lives alone');
  });

  it('who chose the phone gets no email, even with an address on file', async () => {
    const person = await makePerson(t.database.db, homeSiteId, {
      contactPreference: 'phone',
      email: 'paul@example.org',
    });
    const { connection } = await sentConnection({}, person.id);
    await byPhone(lw, connection, { to: 'accepted', partnerMessage: 'Bring boots.' });
    const toPerson = await t.database.db
      .select({ kind: outboundEmails.kind })
      .from(outboundEmails)
      .where(eq(outboundEmails.recipient, 'paul@example.org'));
    expect(toPerson).toEqual([]);
  });
});

describe('reports', () => {
  it('count a connection the person did not attend as connected, never as attended', async () => {
    const db = t.database.db;
    const site = await makeSite(db);
    const at = (day: number): Date => new Date(Date.UTC(2026, 2, 2 + day));
    for (let index = 0; index < 10; index += 1) {
      const made = await makeCase(db, site.id);
      await db
        .update(cases)
        .set({ referredAt: at(0), firstContactAt: at(1), acceptedAt: at(2), status: 'active' })
        .where(eq(cases.id, made.id));
      await db.insert(connections).values({
        caseId: made.id,
        organisationName: 'Jardin',
        activity: 'Gardening',
        status: 'did_not_attend',
      });
    }
    const manager = new Client(t.app);
    const account = await makeAccount(db, [{ role: 'site_manager', siteId: site.id }]);
    await manager.signIn(account.email, account.password);
    await t.runJob(reportsRefreshJob);
    const response = await manager.get(
      `/api/reports/dashboard?scope=site:${site.id}&period=2026-03`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const { funnel } = response.json<Dashboard>();
    const cells = funnel.rows[0]?.cells ?? [];
    const valueOf = (stage: string): number | null =>
      cells[funnel.columns.indexOf(stage as (typeof funnel.columns)[number])]?.value ?? null;
    expect(valueOf('connected')).toBe(10);
    // None attended: a count of 0 is hidden like any count under 8.
    expect(valueOf('attended')).toBeNull();
  });
});
