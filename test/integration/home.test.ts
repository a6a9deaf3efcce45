import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  accounts,
  appointments,
  connectionEvents,
  connections,
  followUps,
  notifications,
  outboundEmails,
} from '../../src/server/db/schema';
import type { HomeCount, HomeView } from '../../src/shared/contracts/home';
import type { NotificationList } from '../../src/shared/contracts/notifications';
import type { CreateReferralInput, Referral } from '../../src/shared/contracts/referrals';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import {
  type TestAccount,
  makeAccount,
  makeCase,
  makeFailedEmail,
  makeOrganisation,
  makeSite,
} from '../helpers/factories';
import { referralInput } from '../helpers/referral-input';

/*
 * The home page of each role, from one scenario: a referrer at site A refers a person, the
 * link worker of A takes the case and raises a concern, a partner answers, an appointment
 * is today. Site B has its own cases and link worker, which A's people never count.
 */

let t: TestApp;
let siteA: { id: string; name: string };
let siteB: { id: string; name: string };
let partnerOrganisation: { id: string };
const people: Record<string, TestAccount> = {};
const clients: Record<string, Client> = {};

async function signedIn(name: string, account: TestAccount): Promise<Client> {
  const client = await signedInClient(t.app, account);
  people[name] = account;
  clients[name] = client;
  return client;
}

function client(name: string): Client {
  const found = clients[name];
  if (!found) throw new Error(`no client ${name}`);
  return found;
}

function account(name: string): TestAccount {
  const found = people[name];
  if (!found) throw new Error(`no account ${name}`);
  return found;
}

async function home(name: string): Promise<HomeView> {
  const response = await client(name).get('/api/home');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<HomeView>();
}

function countIn(panel: { counts: HomeCount[] } | null, key: HomeCount['key']): HomeCount {
  const found = panel?.counts.find((count) => count.key === key);
  if (!found) throw new Error(`no count ${key}`);
  return found;
}

/** Back-dates the account's last visit, as if it opened home that long ago. */
async function lastVisit(name: string, minutesAgo: number): Promise<void> {
  await t.database.db
    .update(accounts)
    .set({ homeSeenAt: new Date(Date.now() - minutesAgo * 60_000) })
    .where(eq(accounts.id, account(name).id));
}

function referralBody(): CreateReferralInput {
  return referralInput({ postalCode: 'J1H 5N4' }, { urgency: 'soon' });
}

let referral: Referral;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  siteA = await makeSite(db);
  siteB = await makeSite(db);
  partnerOrganisation = await makeOrganisation(db, 'community_partner');
  const partnerSite = await makeSite(db, { organisationId: partnerOrganisation.id });
  await signedIn('referrer', await makeAccount(db, [{ role: 'referrer', siteId: siteA.id }]));
  await signedIn('workerA', await makeAccount(db, [{ role: 'link_worker', siteId: siteA.id }]));
  await signedIn('workerB', await makeAccount(db, [{ role: 'link_worker', siteId: siteB.id }]));
  await signedIn('managerA', await makeAccount(db, [{ role: 'site_manager', siteId: siteA.id }]));
  await signedIn(
    'partner',
    await makeAccount(db, [{ role: 'partner_staff', siteId: partnerSite.id }]),
  );
  await signedIn('evaluator', await makeAccount(db, [{ role: 'evaluator' }]));
  await signedIn('admin', await makeAccount(db, [{ role: 'administrator' }]));

  const referred = await client('referrer').post('/api/referrals', referralBody());
  expect(referred.statusCode, referred.body).toBe(201);
  referral = referred.json<Referral>();
  // Site B's queue: two new cases nobody at A may count.
  await makeCase(db, siteB.id);
  await makeCase(db, siteB.id);
});
afterAll(() => t.close());

describe('the link worker’s home', () => {
  it('counts new cases in triage at their own site only, linking to the one case', async () => {
    const view = await home('workerA');
    expect(view.referrer).toBeNull();
    expect(view.siteManager).toBeNull();
    expect(countIn(view.linkWorker, 'triage_new')).toEqual({
      key: 'triage_new',
      count: 1,
      href: `/cases/${referral.id}`,
    });
    const other = await home('workerB');
    expect(countIn(other.linkWorker, 'triage_new')).toMatchObject({
      count: 2,
      href: '/cases/triage',
    });
  });

  it('counts the contacts, follow-ups, concerns and appointments of the day', async () => {
    const taken = await client('workerA').post(`/api/cases/${referral.id}/take`, { version: 1 });
    expect(taken.statusCode, taken.body).toBe(200);
    const raised = await client('workerA').post(`/api/cases/${referral.id}/safeguarding`, {
      level: 'concern',
      description: 'Mentioned not eating for days.',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const one = `/cases/${referral.id}`;
    // Taken today and never contacted: the first contact is due today.
    const firstDay = await home('workerA');
    expect(countIn(firstDay.linkWorker, 'triage_new').count).toBe(0);
    expect(countIn(firstDay.linkWorker, 'contacts_due')).toMatchObject({ count: 1, href: one });
    const db = t.database.db;
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await db.insert(followUps).values({ caseId: referral.id, kind: 'call', dueOn: inTwoDays });
    await db.insert(appointments).values({
      caseId: referral.id,
      withAccountId: account('workerA').id,
      startsAt: new Date(),
      durationMinutes: 30,
      mode: 'phone',
      createdBy: account('workerA').id,
    });

    const view = await home('workerA');
    // A call planned in two days is the case's next action now: due this week, not today.
    expect(countIn(view.linkWorker, 'contacts_due').count).toBe(0);
    expect(countIn(view.linkWorker, 'follow_ups_due')).toMatchObject({ count: 1, href: one });
    expect(countIn(view.linkWorker, 'safeguarding_open')).toMatchObject({ count: 1, href: one });
    expect(countIn(view.linkWorker, 'appointments_today')).toEqual({
      key: 'appointments_today',
      count: 1,
      href: '/agenda',
    });
    // Site B's link worker sees none of A's work.
    const other = await home('workerB');
    for (const key of ['contacts_due', 'safeguarding_open', 'appointments_today'] as const) {
      expect(countIn(other.linkWorker, key).count).toBe(0);
    }
    expect(JSON.stringify(other)).not.toContain(referral.id);
  });

  it('counts partner answers since the last visit, and the visit moves on', async () => {
    const db = t.database.db;
    const [connection] = await db
      .insert(connections)
      .values({
        caseId: referral.id,
        partnerOrganisationId: partnerOrganisation.id,
        organisationName: 'Jardin communautaire',
        activity: 'Community garden',
        status: 'accepted',
        startsOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      })
      .returning();
    if (!connection) throw new Error('no connection');
    await lastVisit('workerA', 60);
    await db.insert(connectionEvents).values({
      connectionId: connection.id,
      fromStatus: 'sent',
      toStatus: 'accepted',
      via: 'link',
      at: new Date(Date.now() - 120 * 60_000),
    });
    expect(countIn((await home('workerA')).linkWorker, 'partner_answers').count).toBe(0);

    await lastVisit('workerA', 60);
    await db.insert(connectionEvents).values({
      connectionId: connection.id,
      fromStatus: 'accepted',
      toStatus: 'attended',
      via: 'link',
    });
    const before = await home('workerA');
    expect(countIn(before.linkWorker, 'partner_answers')).toMatchObject({
      count: 1,
      href: `/cases/${referral.id}`,
    });
    expect(Date.now() - new Date(before.since ?? 0).getTime()).toBeGreaterThan(59 * 60_000);

    // That visit moved the last one to now: the answer is no longer new.
    const after = await home('workerA');
    expect(countIn(after.linkWorker, 'partner_answers').count).toBe(0);
    expect(Date.now() - new Date(after.since ?? 0).getTime()).toBeLessThan(60_000);

    // Opened again within the minute, the visit is not written again.
    const [seen] = await db
      .select({ at: accounts.homeSeenAt })
      .from(accounts)
      .where(eq(accounts.id, account('workerA').id));
    await home('workerA');
    const [again] = await db
      .select({ at: accounts.homeSeenAt })
      .from(accounts)
      .where(eq(accounts.id, account('workerA').id));
    expect(again?.at).toEqual(seen?.at);
  });
  it('counts the cases whose questionnaires fall due this week, by the reminders’ own rule', async () => {
    const accepted = await makeCase(t.database.db, siteA.id);
    const db = t.database.db;
    // Accepted today with no baseline yet: the baseline questionnaires are due today.
    await db.execute(
      sql`update cases set status = 'active', assigned_to = ${account('workerA').id},
            accepted_at = now(), first_contact_at = now() where id = ${accepted.id}`,
    );
    const view = await home('workerA');
    expect(countIn(view.linkWorker, 'questionnaires_due')).toMatchObject({
      count: 1,
      href: `/cases/${accepted.id}`,
    });
    expect(countIn((await home('workerB')).linkWorker, 'questionnaires_due').count).toBe(0);
    await db.execute(sql`update cases set status = 'discharged' where id = ${accepted.id}`);
    expect(countIn((await home('workerA')).linkWorker, 'questionnaires_due').count).toBe(0);
  });
});

describe('the other roles’ homes', () => {
  it('shows the referrer their referrals by status and what changed since', async () => {
    await lastVisit('referrer', 24 * 60);
    const view = await home('referrer');
    expect(view.linkWorker).toBeNull();
    const one = `/referrals/${referral.id}`;
    expect(countIn(view.referrer, 'referrals_waiting')).toMatchObject({ count: 1, href: one });
    expect(countIn(view.referrer, 'referrals_active').count).toBe(0);
    expect(countIn(view.referrer, 'referrals_changed')).toMatchObject({ count: 1, href: one });
    expect(countIn((await home('referrer')).referrer, 'referrals_changed').count).toBe(0);
  });

  it('shows partner staff the connections waiting and the people starting this week', async () => {
    const db = t.database.db;
    const [sent] = await db
      .insert(connections)
      .values({
        caseId: referral.id,
        partnerOrganisationId: partnerOrganisation.id,
        organisationName: 'Jardin communautaire',
        activity: 'Walking group',
        status: 'sent',
      })
      .returning({ id: connections.id });
    const view = await home('partner');
    expect(countIn(view.partner, 'connections_waiting')).toEqual({
      key: 'connections_waiting',
      count: 1,
      href: `/partner/connections/${sent?.id}`,
    });
    expect(countIn(view.partner, 'connections_starting').count).toBe(1);
    expect(countIn(view.partner, 'listings_to_confirm')).toMatchObject({
      count: 0,
      href: '/partner/listings',
    });
    expect(view.linkWorker).toBeNull();
  });

  it('shows the site manager the site’s unassigned and late cases, caseloads and alerts', async () => {
    const late = await makeCase(t.database.db, siteA.id);
    await t.database.db.execute(
      sql`update cases set referred_at = now() - interval '10 days' where id = ${late.id}`,
    );
    const view = await home('managerA');
    const panel = view.siteManager;
    expect(countIn(panel, 'cases_unassigned')).toMatchObject({
      count: 1,
      href: `/cases/${late.id}`,
    });
    expect(countIn(panel, 'cases_waiting_too_long')).toMatchObject({
      count: 1,
      href: `/cases/${late.id}`,
    });
    expect(countIn(panel, 'site_safeguarding_open')).toMatchObject({
      count: 1,
      href: `/cases/${referral.id}`,
    });
    expect(panel?.caseload).toEqual([
      expect.objectContaining({
        accountId: account('workerA').id,
        open: 1,
        href: `/cases?assignee=${account('workerA').id}`,
      }),
    ]);
    // Nothing of site B: not its cases, not its link worker.
    expect(JSON.stringify(view)).not.toContain(account('workerB').id);
  });

  it('shows the evaluator the year’s figures, protected, and the administrator what to fix', async () => {
    const evaluator = await home('evaluator');
    expect(evaluator.evaluator?.headline).toMatchObject({
      href: '/reports',
      // A handful of referrals: hidden, as every report hides them.
      referred: { value: null, suppression: 'small' },
    });
    expect(evaluator.linkWorker).toBeNull();

    await makeFailedEmail(t.database.db);
    await t.database.db
      .update(accounts)
      .set({ lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(accounts.id, account('workerB').id));
    const admin = await home('admin');
    expect(countIn(admin.administrator, 'emails_failed')).toMatchObject({
      count: 1,
      href: '/admin/emails',
    });
    expect(countIn(admin.administrator, 'accounts_locked')).toMatchObject({
      count: 1,
      href: `/admin/accounts/${account('workerB').id}`,
    });
    expect(countIn(admin.administrator, 'directory_changes_pending').count).toBe(0);
    expect(admin.evaluator).toBeNull();
  });

  it('gives an account holding several roles each role’s panel', async () => {
    const both = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: siteA.id },
      { role: 'site_manager', siteId: siteA.id },
    ]);
    await signedIn('both', both);
    const view = await home('both');
    expect(view.linkWorker).not.toBeNull();
    expect(view.siteManager).not.toBeNull();
    expect(view.partner).toBeNull();
  });
});

describe('notifications', () => {
  async function list(name: string, query = ''): Promise<NotificationList> {
    const response = await client(name).get(`/api/notifications${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<NotificationList>();
  }

  it('are written with each email to an account about the pathway, in the same change', async () => {
    const mine = await list('workerA');
    const received = mine.items.find((n) => n.kind === 'referral.received');
    expect(received).toMatchObject({
      params: { reference: referral.reference, urgency: 'soon' },
      href: `/cases/${referral.id}`,
      read: false,
    });
    // The site manager was told of the concern by email, and so in the app.
    const manager = await list('managerA');
    expect(manager.items.map((n) => n.kind)).toEqual(['safeguarding.raised']);
    const [email] = await t.database.db
      .select({ kind: outboundEmails.kind })
      .from(outboundEmails)
      .where(eq(outboundEmails.recipient, account('managerA').email));
    expect(email?.kind).toBe('safeguarding.raised');
    // Nothing for site B's link worker, nor the person's own acknowledgement.
    expect((await list('workerB')).items).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain('Gagnon');
  });

  it('are paged newest first, and read one by one or all at once', async () => {
    const db = t.database.db;
    await db.insert(notifications).values([
      {
        accountId: account('workerA').id,
        kind: 'follow_up.reminder',
        caseId: referral.id,
        params: { reference: referral.reference, kind: 'call', date: '2026-12-04' },
        createdAt: new Date(Date.now() + 1000),
      },
    ]);
    const first = await list('workerA', '?limit=1');
    expect(first.items.map((n) => n.kind)).toEqual(['follow_up.reminder']);
    expect(first.unread).toBe(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list('workerA', `?limit=1&cursor=${first.nextCursor ?? ''}`);
    expect(second.items.map((n) => n.kind)).toEqual(['referral.received']);
    expect(second.nextCursor).toBeNull();

    const id = first.items[0]?.id ?? '';
    const read = await client('workerA').post(`/api/notifications/${id}/read`);
    expect(read.statusCode).toBe(204);
    const after = await list('workerA');
    expect(after.unread).toBe(1);
    expect(after.items.find((n) => n.id === id)?.read).toBe(true);

    expect((await client('workerA').post('/api/notifications/read-all')).statusCode).toBe(204);
    expect((await list('workerA')).unread).toBe(0);
  });

  it('are the account’s own: another account can neither see nor mark them', async () => {
    const [theirs] = await t.database.db
      .insert(notifications)
      .values({ accountId: account('managerA').id, kind: 'referral.received' })
      .returning({ id: notifications.id });
    const refused = await client('admin').post(`/api/notifications/${theirs?.id}/read`);
    expect(refused.statusCode).toBe(404);
    expect(errorOf(refused).code).toBe('not_found');
    expect((await client('admin').post('/api/notifications/read-all')).statusCode).toBe(204);
    const manager = await list('managerA');
    expect(manager.items.find((n) => n.id === theirs?.id)?.read).toBe(false);
    expect(JSON.stringify(await list('admin'))).not.toContain(theirs?.id ?? 'none');
  });

  it('are refused to a caller who is not signed in', async () => {
    const anonymous = new Client(t.app);
    expect((await anonymous.get('/api/notifications')).statusCode).toBe(401);
    expect((await anonymous.get('/api/home')).statusCode).toBe(401);
  });
});
