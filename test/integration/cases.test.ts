import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  accounts as accountsTable,
  auditEvents,
  caseEvents,
  cases,
  connections,
  consents,
  followUps,
  organisations,
  sites,
} from '../../src/server/db/schema';
import type {
  CaseDetail,
  CaseloadList,
  ReReferResult,
  TriageList,
} from '../../src/shared/contracts/cases';
import type { ReferrerSummary } from '../../src/shared/contracts/referrals';
import { writeContact } from '../../src/server/features/cases';
import type { Actor } from '../../src/server/platform/actor';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makeSite, type TestAccount } from '../helpers/factories';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp';
import { siteDay } from '../helpers/site-day';
import { dayIn } from '../../src/shared/time-zones';

let t: TestApp;
let mail: SmtpCapture;
let homeSiteId: string;
let otherSiteId: string;
const accounts = {} as Record<
  'linkWorker' | 'secondLinkWorker' | 'manager' | 'referrer' | 'otherLinkWorker',
  TestAccount
>;
const clients = {} as Record<keyof typeof accounts, Client>;

beforeAll(async () => {
  mail = await startSmtpCapture();
  t = await startTestApp({ SMTP_URL: mail.url, PUBLIC_URL: 'http://passerelle.test' });
  const db = t.database.db;
  homeSiteId = (await makeSite(db)).id;
  otherSiteId = (await makeSite(db)).id;
  accounts.linkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }]);
  accounts.secondLinkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }]);
  accounts.manager = await makeAccount(db, [{ role: 'site_manager', siteId: homeSiteId }], {
    locale: 'fr',
  });
  accounts.referrer = await makeAccount(db, [{ role: 'referrer', siteId: homeSiteId }]);
  accounts.otherLinkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: otherSiteId }]);
  for (const key of Object.keys(accounts) as (keyof typeof accounts)[]) {
    const client = new Client(t.app);
    expect((await client.signIn(accounts[key].email, accounts[key].password)).statusCode).toBe(200);
    clients[key] = client;
  }
});
afterAll(async () => {
  await t.close();
  await mail.close();
});
beforeEach(() => mail.clear());

async function freshCase(
  options: { referrerUpdates?: boolean } = {},
): Promise<{ id: string; reference: string }> {
  return makeCase(t.database.db, homeSiteId, {
    referrerAccountId: accounts.referrer.id,
    ...options,
  });
}

async function detail(id: string, client: Client = clients.linkWorker): Promise<CaseDetail> {
  const response = await client.get(`/api/cases/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json<CaseDetail>();
}

async function rowOf(id: string): Promise<typeof cases.$inferSelect> {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
  if (!row) throw new Error('no case');
  return row;
}

async function take(id: string): Promise<CaseDetail> {
  const { version } = await rowOf(id);
  const response = await clients.linkWorker.post(`/api/cases/${id}/take`, { version });
  expect(response.statusCode).toBe(200);
  return response.json<CaseDetail>();
}

async function contact(id: string, outcome: string, client = clients.linkWorker) {
  return client.post(`/api/cases/${id}/contacts`, {
    channel: 'phone',
    outcome,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    durationMinutes: 10,
    notes: 'Spoke about the walking group.',
  });
}

async function status(id: string, body: Record<string, unknown>, client = clients.linkWorker) {
  const { version } = await rowOf(id);
  return client.post(`/api/cases/${id}/status`, { version, ...body });
}

async function auditActions(caseId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'case'), eq(auditEvents.subjectId, caseId)));
  return rows.map((r) => r.action);
}

describe('triage', () => {
  it('lists new cases of the site with waiting flags, in the order asked', async () => {
    const older = await freshCase();
    const urgent = await freshCase();
    const longAgo = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000);
    await t.database.db.update(cases).set({ referredAt: longAgo }).where(eq(cases.id, older.id));
    await t.database.db.update(cases).set({ urgency: 'urgent' }).where(eq(cases.id, urgent.id));

    const waiting = (
      await clients.linkWorker.get(`/api/cases/triage?siteId=${homeSiteId}&sort=waiting`)
    ).json<TriageList>();
    const first = waiting.items[0];
    expect(first?.id).toBe(older.id);
    expect(first).toMatchObject({ waitingTooLong: true, canTake: true, canAssign: false });
    expect(first?.daysWaiting).toBeGreaterThanOrEqual(10);
    expect(first?.personName).toMatch(/^Camille /);
    expect(waiting.assignees).toEqual([]);

    const byUrgency = (
      await clients.linkWorker.get('/api/cases/triage?sort=urgent')
    ).json<TriageList>();
    expect(byUrgency.items[0]?.id).toBe(urgent.id);

    const newest = (await clients.manager.get('/api/cases/triage?sort=newest')).json<TriageList>();
    expect(newest.items.at(-1)?.id).toBe(older.id);
    expect(newest.items[0]).toMatchObject({ canTake: false, canAssign: true });
    expect(newest.assignees.map((a) => a.accountId)).toContain(accounts.linkWorker.id);
  });

  it('hides another site (404) and refuses roles that never triage (403)', async () => {
    const other = await clients.otherLinkWorker.get(`/api/cases/triage?siteId=${homeSiteId}`);
    expect(other.statusCode).toBe(404);
    const own = (await clients.otherLinkWorker.get('/api/cases/triage')).json<TriageList>();
    expect(own.items.every((i) => i.siteId === otherSiteId)).toBe(true);
    expect((await clients.referrer.get('/api/cases/triage')).statusCode).toBe(403);
  });
});

describe('taking and assigning', () => {
  it('lets a link worker take a new case, once', async () => {
    const c = await freshCase();
    const taken = await take(c.id);
    expect(taken.status).toBe('assigned');
    expect(taken.assignee?.accountId).toBe(accounts.linkWorker.id);
    expect(taken.history.map((e) => e.toStatus)).toEqual(['new', 'assigned']);
    expect(await auditActions(c.id)).toContain('case.taken');

    const again = await clients.secondLinkWorker.post(`/api/cases/${c.id}/take`, {
      version: taken.version,
    });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('invalid_transition');
    expect((await rowOf(c.id)).assignedTo).toBe(accounts.linkWorker.id);
  });

  it('refuses a stale take with a message that someone else changed it', async () => {
    const c = await freshCase();
    const { version } = await rowOf(c.id);
    await t.database.db
      .update(cases)
      .set({ version: version + 1 })
      .where(eq(cases.id, c.id));
    const response = await clients.linkWorker.post(`/api/cases/${c.id}/take`, { version });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('stale_version');
    expect(errorOf(response).message).toMatch(/someone else changed/i);
    expect((await rowOf(c.id)).status).toBe('new');
  });

  it('lets the site manager assign and reassign to link workers of the site only', async () => {
    const c = await freshCase();
    const assign = async (accountId: string, client = clients.manager) =>
      client.post(`/api/cases/${c.id}/assign`, {
        accountId,
        version: (await rowOf(c.id)).version,
      });
    expect((await assign(accounts.linkWorker.id)).statusCode).toBe(200);
    expect((await rowOf(c.id)).status).toBe('assigned');
    expect((await status(c.id, { to: 'active' })).statusCode).toBe(200);

    const reassigned = await assign(accounts.secondLinkWorker.id);
    expect(reassigned.statusCode).toBe(200);
    expect(reassigned.json<CaseDetail>()).toMatchObject({
      status: 'active',
      assignee: { accountId: accounts.secondLinkWorker.id },
    });

    const notHere = await assign(accounts.otherLinkWorker.id);
    expect(notHere.statusCode).toBe(404);
    expect(errorOf(notHere).field).toBe('accountId');
    expect((await assign(accounts.linkWorker.id, clients.linkWorker)).statusCode).toBe(403);
    const stale = await clients.manager.post(`/api/cases/${c.id}/assign`, {
      accountId: accounts.linkWorker.id,
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    expect((await rowOf(c.id)).assignedTo).toBe(accounts.secondLinkWorker.id);
  });
});

describe('the caseload', () => {
  it('shows stage, next action and flags, flagged cases first', async () => {
    const waitingLong = await freshCase();
    const followedUp = await freshCase();
    await take(waitingLong.id);
    await take(followedUp.id);
    const longAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    await t.database.db
      .update(cases)
      .set({ referredAt: longAgo })
      .where(eq(cases.id, waitingLong.id));
    expect((await contact(followedUp.id, 'reached')).statusCode).toBe(201);
    expect((await status(followedUp.id, { to: 'active' })).statusCode).toBe(200);
    await t.database.db
      .insert(followUps)
      .values({ caseId: followedUp.id, kind: 'call', dueOn: '2099-01-15' });

    const mine = (await clients.linkWorker.get('/api/cases/caseload')).json<CaseloadList>();
    const ids = mine.items.map((i) => i.id);
    expect(ids.indexOf(waitingLong.id)).toBeLessThan(ids.indexOf(followedUp.id));
    expect(mine.items.find((i) => i.id === waitingLong.id)).toMatchObject({
      stage: 'waiting',
      nextAction: 'first_contact',
      // The referral's day where the site is (Toronto), as the caseload shows it.
      nextActionOn: dayIn(longAgo, 'America/Toronto'),
      waitingTooLong: true,
    });
    expect(mine.items.find((i) => i.id === followedUp.id)).toMatchObject({
      stage: 'accepted',
      nextAction: 'call',
      nextActionOn: '2099-01-15',
      waitingTooLong: false,
    });
    expect(mine.items[0]?.waitingTooLong).toBe(true);

    const theirs = (
      await clients.secondLinkWorker.get('/api/cases/caseload?assignee=me')
    ).json<CaseloadList>();
    expect(theirs.items.map((i) => i.id)).not.toContain(waitingLong.id);
    const all = (
      await clients.manager.get('/api/cases/caseload?assignee=all')
    ).json<CaseloadList>();
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([waitingLong.id]));
    const one = (
      await clients.manager.get(`/api/cases/caseload?assignee=${accounts.linkWorker.id}`)
    ).json<CaseloadList>();
    expect(one.items.map((i) => i.id)).toContain(followedUp.id);
    const other = (
      await clients.otherLinkWorker.get('/api/cases/caseload?assignee=all')
    ).json<CaseloadList>();
    expect(other.items.map((i) => i.id)).not.toContain(waitingLong.id);
    expect((await clients.referrer.get('/api/cases/caseload')).statusCode).toBe(403);
  });

  it('asks for the baseline questionnaire once a case is accepted, until one is taken', async () => {
    const accepted = await freshCase();
    await take(accepted.id);
    expect((await contact(accepted.id, 'reached')).statusCode).toBe(201);
    expect((await status(accepted.id, { to: 'active' })).statusCode).toBe(200);
    const itemOf = async (): Promise<CaseloadList['items'][number] | undefined> =>
      (await clients.linkWorker.get('/api/cases/caseload'))
        .json<CaseloadList>()
        .items.find((i) => i.id === accepted.id);
    expect(await itemOf()).toMatchObject({
      nextAction: 'baseline_measurement',
      nextActionOn: siteDay(),
      waitingTooLong: false,
    });

    const baseline = await clients.linkWorker.post(`/api/cases/${accepted.id}/measurements`, {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      takenOn: siteDay(),
      answers: { companionship: 2, left_out: 2, isolated: 1 },
    });
    expect(baseline.statusCode).toBe(201);
    expect((await itemOf())?.nextAction).toBeNull();
  });
});

describe('the case screen', () => {
  it('shows the record with permissions and audits every read', async () => {
    const c = await freshCase();
    const view = await detail(c.id);
    expect(view).toMatchObject({
      reference: c.reference,
      status: 'new',
      stage: 'waiting',
      person: { givenName: 'Camille', preferredLanguage: 'fr' },
      referral: { source: 'clinician', reasons: ['loneliness_isolation'], urgency: 'routine' },
      consent: { coversReferral: true, coversReferrerUpdates: true },
      failedAttempts: 0,
      maxContactAttempts: 3,
      permissions: {
        canTake: true,
        canAssign: false,
        canAccept: true,
        canDecline: true,
        canCloseUnreachable: false,
        canDischarge: false,
        canRecordContact: true,
        canRaiseSafeguarding: true,
        canReRefer: false,
      },
    });
    expect(await auditActions(c.id)).toContain('case.viewed');
    const asManager = await detail(c.id, clients.manager);
    expect(asManager.permissions).toMatchObject({ canTake: false, canAssign: true });
    expect(asManager.assignees.length).toBeGreaterThanOrEqual(2);
  });

  it('names the referring clinician and the organisation they referred from', async () => {
    const [clinician] = await t.database.db
      .select({ name: accountsTable.displayName, organisation: organisations.name })
      .from(accountsTable)
      .innerJoin(sites, eq(sites.id, homeSiteId))
      .innerJoin(organisations, eq(organisations.id, sites.organisationId))
      .where(eq(accountsTable.id, accounts.referrer.id));
    const view = await detail((await freshCase()).id);
    expect(view.referral).toMatchObject({
      source: 'clinician',
      referrerName: clinician?.name,
      referrerOrganisation: clinician?.organisation,
    });
  });

  it('hides the case from another site (404) and refuses its referrer (403)', async () => {
    const c = await freshCase();
    expect((await clients.otherLinkWorker.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await clients.referrer.get(`/api/cases/${c.id}`)).statusCode).toBe(403);
  });
});

describe('contacts', () => {
  it('records attempts; the first reached contact sets first contact', async () => {
    const c = await freshCase();
    expect((await contact(c.id, 'no_answer')).statusCode).toBe(201);
    expect((await rowOf(c.id)).firstContactAt).toBeNull();
    const reached = await contact(c.id, 'reached');
    expect(reached.statusCode).toBe(201);
    const view = reached.json<CaseDetail>();
    expect(view.contacts.map((x) => x.outcome)).toEqual(['no_answer', 'reached']);
    expect(view.stage).toBe('contacting');
    expect(view.failedAttempts).toBe(0);
    const { firstContactAt } = await rowOf(c.id);
    expect(firstContactAt).not.toBeNull();
    expect(view.firstContactAt).toBe(firstContactAt?.toISOString());
    const audited = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, c.id), eq(auditEvents.action, 'case.contact_recorded')))
      .orderBy(auditEvents.id);
    expect(audited.map((a) => a.details)).toEqual(
      view.contacts.map((x) => ({ contactId: x.id, channel: 'phone', outcome: x.outcome })),
    );
  });

  it('keeps the first contact time when the person is reached again', async () => {
    const c = await freshCase();
    const first = (await contact(c.id, 'reached')).json<CaseDetail>();
    const again = await contact(c.id, 'reached');
    expect(again.statusCode).toBe(201);
    expect(again.json<CaseDetail>().firstContactAt).toBe(first.firstContactAt);
  });

  it('writes nothing when the case closed after it was read', async () => {
    const c = await freshCase();
    const read = await rowOf(c.id);
    expect((await status(c.id, { to: 'declined', reason: 'not_interested' })).statusCode).toBe(200);
    const actor: Actor = {
      accountId: accounts.linkWorker.id,
      email: accounts.linkWorker.email,
      displayName: 'Link worker',
      locale: null,
      grants: [{ role: 'link_worker', siteId: homeSiteId }],
      twoFactorEnabled: false,
      twoFactorSetupRequired: false,
      sessionKey: 'test',
      csrfToken: 'test',
      origin: { ip: null, userAgent: null },
    };
    const facts = { channel: 'phone', outcome: 'reached', occurredAt: new Date() } as const;
    await expect(
      writeContact(t.database.db, actor, read, { ...facts, durationMinutes: null, notes: null }),
    ).rejects.toMatchObject({ code: 'case_closed' });
    expect((await detail(c.id)).contacts).toEqual([]);
    expect(await auditActions(c.id)).not.toContain('case.contact_recorded');
  });

  it('refuses a contact in the future and one on a closed case', async () => {
    const c = await freshCase();
    const future = await clients.linkWorker.post(`/api/cases/${c.id}/contacts`, {
      channel: 'video',
      outcome: 'reached',
      occurredAt: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(errorOf(future).field).toBe('occurredAt');
    expect((await status(c.id, { to: 'declined', reason: 'not_interested' })).statusCode).toBe(200);
    const closed = await contact(c.id, 'reached');
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed).code).toBe('case_closed');
  });
});

describe('status changes', () => {
  it('records acceptance with the SNOMED CT code', async () => {
    const c = await freshCase();
    await take(c.id);
    const response = await status(c.id, { to: 'active', note: 'Keen to start.' });
    expect(response.statusCode).toBe(200);
    const row = await rowOf(c.id);
    expect(row).toMatchObject({ status: 'active', outcomeCode: '871731000000106' });
    expect(row.acceptedAt).not.toBeNull();
    expect(response.json<CaseDetail>().stage).toBe('accepted');
  });

  it('needs a reason to decline, then records the SNOMED CT decline code', async () => {
    const c = await freshCase();
    const missing = await status(c.id, { to: 'declined' });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).code).toBe('reason_required');
    expect((await rowOf(c.id)).status).toBe('new');
    const wrong = await status(c.id, { to: 'declined', reason: 'goals_met' });
    expect(wrong.statusCode).toBe(400);
    const declined = await status(c.id, { to: 'declined', reason: 'not_the_right_time' });
    expect(declined.statusCode).toBe(200);
    expect(await rowOf(c.id)).toMatchObject({
      status: 'declined',
      outcomeCode: '871711000000103',
      closureReason: 'not_the_right_time',
    });
  });

  it('refuses an invalid transition with 409 and changes nothing', async () => {
    const c = await freshCase();
    await take(c.id);
    await status(c.id, { to: 'discharged', reason: 'moved' });
    const before = await rowOf(c.id);
    const response = await status(c.id, { to: 'active' });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('invalid_transition');
    expect(await rowOf(c.id)).toEqual(before);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.map((e) => e.toStatus)).toEqual(['new', 'assigned', 'discharged']);
  });

  it('refuses a stale status change', async () => {
    const c = await freshCase();
    const response = await clients.linkWorker.post(`/api/cases/${c.id}/status`, {
      to: 'active',
      version: 99,
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('stale_version');
    expect((await rowOf(c.id)).status).toBe('new');
  });

  it('closes as unreachable only after the site’s number of failed attempts', async () => {
    const c = await freshCase();
    await t.database.db
      .update(sites)
      .set({ maxContactAttempts: 2 })
      .where(eq(sites.id, homeSiteId));
    try {
      await take(c.id);
      await contact(c.id, 'no_answer');
      const early = await status(c.id, { to: 'unreachable' });
      expect(early.statusCode).toBe(409);
      expect(errorOf(early).code).toBe('too_few_contact_attempts');
      expect(errorOf(early).message).toContain('2');
      expect((await detail(c.id)).permissions.canCloseUnreachable).toBe(false);
      await contact(c.id, 'wrong_number');
      expect((await detail(c.id)).permissions.canCloseUnreachable).toBe(true);
      const closed = await status(c.id, { to: 'unreachable' });
      expect(closed.statusCode).toBe(200);
      expect(closed.json<CaseDetail>()).toMatchObject({ status: 'unreachable', stage: 'closed' });
    } finally {
      await t.database.db
        .update(sites)
        .set({ maxContactAttempts: 3 })
        .where(eq(sites.id, homeSiteId));
    }
  });

  it('discharges with a reason and writes the summary back to the referrer', async () => {
    const c = await freshCase();
    await take(c.id);
    await status(c.id, { to: 'active' });
    await t.database.db.insert(connections).values([
      {
        caseId: c.id,
        organisationName: 'Walking club',
        activity: 'Tuesday walk',
        status: 'ongoing',
      },
      { caseId: c.id, organisationName: 'Choir', activity: 'Rehearsals', status: 'declined' },
    ]);
    expect((await status(c.id, { to: 'discharged' })).statusCode).toBe(400);
    const response = await status(c.id, { to: 'discharged', reason: 'goals_met' });
    expect(response.statusCode).toBe(200);
    const row = await rowOf(c.id);
    expect(row.closedAt).not.toBeNull();
    const summary = row.referrerSummary as ReferrerSummary;
    expect(summary).toMatchObject({ closureReason: 'goals_met', outcomes: [] });
    expect(summary.offered.map((o) => o.activity).sort()).toEqual(['Rehearsals', 'Tuesday walk']);
    expect(summary.takenUp).toEqual([
      { organisationName: 'Walking club', activity: 'Tuesday walk', status: 'ongoing' },
    ]);
    expect(await auditActions(c.id)).toContain('case.status_changed');
    const seen = await clients.referrer.get(`/api/referrals/${c.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<{ summary: ReferrerSummary | null }>().summary).toMatchObject({
      closureReason: 'goals_met',
    });

    await t.deliverEmails();
    const email = await mail.waitFor(
      (e) =>
        e.to.includes(accounts.referrer.email.toLowerCase()) && e.subject.includes(c.reference),
    );
    expect(email.subject).toContain(c.reference);
    expect(email.text).toContain(`http://passerelle.test/referrals/${c.id}`);
    expect(email.text).not.toContain('Camille');
  });

  it('sends no summary email when consent does not cover referrer updates', async () => {
    const c = await freshCase({ referrerUpdates: false });
    expect((await status(c.id, { to: 'declined', reason: 'not_interested' })).statusCode).toBe(200);
    await t.deliverEmails();
    expect(mail.messages().filter((e) => e.subject.includes(c.reference))).toEqual([]);
  });
});

describe('safeguarding', () => {
  it('alerts the site manager at once, in their language, urgent when urgent', async () => {
    const c = await freshCase();
    const response = await clients.linkWorker.post(`/api/cases/${c.id}/safeguarding`, {
      level: 'urgent',
      description: 'Mentioned not feeling safe at home.',
    });
    expect(response.statusCode).toBe(201);
    const concern = response.json<CaseDetail>().safeguarding[0];
    expect(concern).toMatchObject({ level: 'urgent', acknowledgedAt: null });

    await t.deliverEmails();
    const email = await mail.waitFor(
      (e) => e.to.includes(accounts.manager.email.toLowerCase()) && e.subject.includes(c.reference),
    );
    expect(email.subject).toMatch(/^URGENT/);
    expect(email.subject).toContain(c.reference);
    expect(email.subject).toContain('dossier');
    expect(email.links).toContain(`http://passerelle.test/cases/${c.id}`);
    expect(email.text).not.toContain('not feeling safe');
    expect(await auditActions(c.id)).toContain('case.safeguarding_raised');

    const url = `/api/cases/${c.id}/safeguarding/${concern?.id ?? ''}/acknowledge`;
    expect((await clients.linkWorker.post(url)).statusCode).toBe(403);
    const acknowledged = await clients.manager.post(url);
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json<CaseDetail>().safeguarding[0]?.acknowledgedAt).not.toBeNull();
  });

  it('can be raised on a closed case, but not by another site', async () => {
    const c = await freshCase();
    await status(c.id, { to: 'declined', reason: 'other' });
    const body = { level: 'concern', description: 'Worried after the last call.' };
    expect((await clients.manager.post(`/api/cases/${c.id}/safeguarding`, body)).statusCode).toBe(
      201,
    );
    expect(
      (await clients.otherLinkWorker.post(`/api/cases/${c.id}/safeguarding`, body)).statusCode,
    ).toBe(404);
  });
});

describe('re-referral', () => {
  const consent = {
    givenBy: 'person',
    givenAt: new Date(Date.now() - 60_000).toISOString(),
    coversReferral: true,
    coversReferrerUpdates: false,
    coversSharingWithPartners: true,
  };

  async function closedCase(): Promise<{ id: string; reference: string }> {
    const c = await freshCase({ referrerUpdates: true });
    await status(c.id, { to: 'declined', reason: 'not_the_right_time' });
    return c;
  }

  it('opens a new episode for a closed case, which stays closed', async () => {
    const c = await freshCase();
    const body = { reasons: ['money'], urgency: 'soon', context: 'Back after a move.', consent };
    const open = await clients.linkWorker.post(`/api/cases/${c.id}/re-refer`, body);
    expect(open.statusCode).toBe(409);
    expect(errorOf(open).code).toBe('invalid_transition');
    await status(c.id, { to: 'declined', reason: 'not_the_right_time' });
    const response = await clients.linkWorker.post(`/api/cases/${c.id}/re-refer`, body);
    expect(response.statusCode).toBe(201);
    const opened = response.json<ReReferResult>();
    const fresh = await detail(opened.id);
    expect(fresh).toMatchObject({ status: 'new', referral: { reasons: ['money'] } });
    expect(fresh.history[0]?.note).toBe(`reopened from ${c.reference}`);
    expect((await rowOf(opened.id)).personId).toBe((await rowOf(c.id)).personId);
    expect((await rowOf(c.id)).status).toBe('declined');
  });

  it('is credited to whoever re-refers, with its own consent, never to the first clinician', async () => {
    const c = await closedCase();
    const response = await clients.linkWorker.post(`/api/cases/${c.id}/re-refer`, {
      reasons: ['money'],
      urgency: 'soon',
      consent,
    });
    expect(response.statusCode).toBe(201);
    const opened = response.json<ReReferResult>();
    const row = await rowOf(opened.id);
    expect(row).toMatchObject({
      referrerAccountId: accounts.linkWorker.id,
      referrerName: null,
      referrerOrganisation: null,
      referrerContact: null,
    });
    const own = await t.database.db.select().from(consents).where(eq(consents.caseId, opened.id));
    expect(own).toEqual([
      expect.objectContaining({
        personId: row.personId,
        givenBy: 'person',
        coversReferral: true,
        coversReferrerUpdates: false,
        coversSharingWithPartners: true,
        recordedBy: accounts.linkWorker.id,
      }),
    ]);
    expect((await detail(opened.id)).consent).toMatchObject({ coversSharingWithPartners: true });
    const mine = await clients.referrer.get('/api/referrals/mine');
    expect(mine.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(
      opened.id,
    );
    expect((await clients.referrer.get(`/api/referrals/${opened.id}`)).statusCode).toBe(404);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, opened.id), eq(auditEvents.action, 'case.re_referred')));
    expect(audit).toMatchObject({ actorId: accounts.linkWorker.id, siteId: homeSiteId });
    expect(audit?.details).toMatchObject({ fromCaseId: c.id });
  });

  it('refuses a re-referral without consent, in the caller’s language, and writes nothing', async () => {
    const c = await closedCase();
    const before = await countCasesOf(c.id);
    const missing = await clients.manager.post(`/api/cases/${c.id}/re-refer`, {
      reasons: ['money'],
      urgency: 'soon',
    });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).issues?.map((i) => i.field)).toContain('consent');
    const refused = await clients.linkWorker.post(`/api/cases/${c.id}/re-refer`, {
      reasons: ['money'],
      urgency: 'soon',
      consent: { ...consent, coversReferral: false },
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused)).toMatchObject({
      code: 'consent_required',
      field: 'consent.coversReferral',
    });
    const french = await clients.manager.post(`/api/cases/${c.id}/re-refer`, {
      reasons: ['money'],
      urgency: 'soon',
      consent: { ...consent, coversReferral: false },
    });
    expect(errorOf(french).message).toBe(
      'La personne doit consentir à être orientée avant l’envoi de l’orientation.',
    );
    expect(await countCasesOf(c.id)).toBe(before);
  });
});

/** How many cases the person of this case has. */
async function countCasesOf(caseId: string): Promise<number> {
  const { personId } = await rowOf(caseId);
  return (await t.database.db.select().from(cases).where(eq(cases.personId, personId))).length;
}
