import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, caseEvents, cases, followUps, people } from '../../src/server/db/schema';
import type { CaseDetail, CaseloadList, CaseSearchResult } from '../../src/shared/contracts/cases';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import {
  makeAccount,
  makeCase,
  makePerson,
  makeSite,
  type TestAccount,
} from '../helpers/factories';
import { siteDay } from '../helpers/site-day';

let t: TestApp;
let homeSiteId: string;
let otherSiteId: string;
const accounts = {} as Record<
  'linkWorker' | 'secondLinkWorker' | 'manager' | 'referrer' | 'otherLinkWorker' | 'otherManager',
  TestAccount
>;
const clients = {} as Record<keyof typeof accounts, Client>;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  homeSiteId = (await makeSite(db)).id;
  otherSiteId = (await makeSite(db)).id;
  accounts.linkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }]);
  accounts.secondLinkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }]);
  accounts.manager = await makeAccount(db, [{ role: 'site_manager', siteId: homeSiteId }]);
  accounts.referrer = await makeAccount(db, [{ role: 'referrer', siteId: homeSiteId }]);
  accounts.otherLinkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: otherSiteId }]);
  accounts.otherManager = await makeAccount(db, [{ role: 'site_manager', siteId: otherSiteId }]);
  for (const key of Object.keys(accounts) as (keyof typeof accounts)[]) {
    const client = new Client(t.app);
    expect((await client.signIn(accounts[key].email, accounts[key].password)).statusCode).toBe(200);
    clients[key] = client;
  }
});
afterAll(() => t.close());

const daysAgo = (days: number): Date => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
const dayIn = (days: number): string => daysAgo(-days).toISOString().slice(0, 10);

/** A case of a site, taken by a link worker: it is then on their caseload. */
async function takenCase(
  siteId: string,
  taker: Client,
  person: Parameters<typeof makePerson>[2] = {},
): Promise<{ id: string; reference: string }> {
  const db = t.database.db;
  const personId = (await makePerson(db, siteId, person)).id;
  const made = await makeCase(db, siteId, { personId });
  expect((await taker.post(`/api/cases/${made.id}/take`, { version: 1 })).statusCode).toBe(200);
  return made;
}

async function search(client: Client, query: string): Promise<CaseSearchResult> {
  const response = await client.post('/api/cases/search', { query });
  expect(response.statusCode).toBe(200);
  return response.json<CaseSearchResult>();
}

describe('finding people and cases', () => {
  const stamp = Date.now().toString(36).toUpperCase();
  let home: { id: string; reference: string };
  let other: { id: string; reference: string };

  beforeAll(async () => {
    const db = t.database.db;
    const same = {
      givenName: 'Hélène',
      familyName: `Lévesque-${stamp}`,
      dateOfBirth: '1947-11-02',
    };
    const homePerson = await makePerson(db, homeSiteId, { ...same, phone: '(819) 555-7310' });
    home = await makeCase(db, homeSiteId, { personId: homePerson.id });
    const otherPerson = await makePerson(db, otherSiteId, { ...same, phone: '819 555 7310' });
    other = await makeCase(db, otherSiteId, { personId: otherPerson.id });
  });

  it('finds a name without its accents, only at the sites the caller works at', async () => {
    const found = await search(clients.linkWorker, `helene levesque-${stamp.toLowerCase()}`);
    expect(found.items.map((item) => item.id)).toEqual([home.id]);
    expect(found.items[0]).toMatchObject({
      reference: home.reference,
      personName: `Hélène Lévesque-${stamp}`,
      dateOfBirth: '1947-11-02',
    });
    const elsewhere = await search(clients.otherLinkWorker, `Lévesque-${stamp}`);
    expect(elsewhere.items.map((item) => item.id)).toEqual([other.id]);
    const manager = await search(clients.manager, `LEVESQUE-${stamp}`);
    expect(manager.items.map((item) => item.id)).toEqual([home.id]);
  });

  it('finds a case by its reference, typed in lower case without its dash', async () => {
    const typed = home.reference.replace('-', '').toLowerCase();
    expect((await search(clients.linkWorker, typed)).items.map((i) => i.id)).toContain(home.id);
    expect((await search(clients.otherLinkWorker, home.reference)).items).toEqual([]);
  });

  it('finds a person by date of birth, day first, and by phone however it is spaced', async () => {
    const byBirth = await search(clients.linkWorker, '02/11/1947');
    expect(byBirth.items.map((i) => i.id)).toContain(home.id);
    expect(byBirth.items.map((i) => i.id)).not.toContain(other.id);
    const byPhone = await search(clients.linkWorker, '819-555-7310');
    expect(byPhone.items.map((i) => i.id)).toContain(home.id);
    expect(byPhone.items.map((i) => i.id)).not.toContain(other.id);
  });

  it('audits each search with what kind of terms it read, never the terms', async () => {
    await search(clients.secondLinkWorker, `Lévesque-${stamp}`);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'case.searched'),
          eq(auditEvents.actorId, accounts.secondLinkWorker.id),
        ),
      );
    expect(event?.details).toEqual({ by: 'name', count: 1 });
    expect(JSON.stringify(event?.details)).not.toContain(stamp);
  });

  it('refuses whoever does not work on cases, and a search of one character', async () => {
    const refused = await clients.referrer.post('/api/cases/search', { query: 'Lévesque' });
    expect(refused.statusCode).toBe(403);
    const short = await clients.linkWorker.post('/api/cases/search', { query: 'L' });
    expect(short.statusCode).toBe(400);
    expect(errorOf(short).issues?.map((issue) => issue.field)).toEqual(['query']);
  });
});

describe('the caseload, sorted and filtered', () => {
  let worker: Client;
  let late: { id: string; reference: string };
  let reviewSoon: { id: string; reference: string };
  let worrying: { id: string; reference: string };

  beforeAll(async () => {
    const db = t.database.db;
    const account = await makeAccount(db, [{ role: 'link_worker', siteId: homeSiteId }]);
    worker = new Client(t.app);
    await worker.signIn(account.email, account.password);
    // Referred a month ago and never reached: first contact overdue, waiting too long.
    late = await takenCase(homeSiteId, worker, { givenName: 'Zoé', familyName: 'Aubin' });
    await db
      .update(cases)
      .set({ referredAt: daysAgo(30) })
      .where(eq(cases.id, late.id));
    // Reached, with a review due in three days.
    reviewSoon = await takenCase(homeSiteId, worker, { givenName: 'Marc', familyName: 'Caron' });
    const contact = { channel: 'phone', outcome: 'reached', occurredAt: new Date().toISOString() };
    await worker.post(`/api/cases/${reviewSoon.id}/contacts`, contact);
    await db.insert(followUps).values({ caseId: reviewSoon.id, kind: 'review', dueOn: dayIn(3) });
    // A concern no manager has acknowledged yet.
    worrying = await takenCase(homeSiteId, worker, { givenName: 'Anne', familyName: 'Bélanger' });
    const concern = { level: 'concern', description: 'Seemed frightened of a neighbour.' };
    expect((await worker.post(`/api/cases/${worrying.id}/safeguarding`, concern)).statusCode).toBe(
      201,
    );
  });

  async function caseload(query: string): Promise<string[]> {
    const response = await worker.get(`/api/cases/caseload?assignee=me&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<CaseloadList>().items.map((item) => item.reference);
  }

  it('sorts by name, by referral date, by stage and, by default, by due date', async () => {
    expect(await caseload('sort=name')).toEqual([
      late.reference,
      worrying.reference,
      reviewSoon.reference,
    ]);
    expect((await caseload('sort=referred'))[0]).toBe(late.reference);
    expect((await caseload('sort=stage')).at(-1)).toBe(reviewSoon.reference);
    // Flagged first: the case waiting too long leads the default order.
    expect((await caseload(''))[0]).toBe(late.reference);
  });

  it('filters by flag, by due date and by stage', async () => {
    expect(await caseload('flag=waiting_too_long')).toEqual([late.reference]);
    expect(await caseload('flag=safeguarding')).toEqual([worrying.reference]);
    expect(await caseload('due=overdue')).toEqual([late.reference]);
    expect(await caseload('due=this_week')).toEqual(
      expect.arrayContaining([reviewSoon.reference, worrying.reference]),
    );
    expect(await caseload('due=this_week')).not.toContain(late.reference);
    expect(await caseload('stage=contacting')).toEqual([reviewSoon.reference]);
    expect((await caseload('stage=waiting&sort=name')).sort()).toEqual(
      [late.reference, worrying.reference].sort(),
    );
  });

  it('says which cases the caller may reassign, with their version', async () => {
    const own = await worker.get('/api/cases/caseload?assignee=me');
    expect(own.json<CaseloadList>().items.every((item) => !item.canReassign)).toBe(true);
    const managed = await clients.manager.get('/api/cases/caseload?assignee=all');
    const item = managed.json<CaseloadList>().items.find((i) => i.id === late.id);
    expect(item).toMatchObject({ canReassign: true, siteId: homeSiteId, version: 2 });
  });

  it('refuses an order or a filter it does not know', async () => {
    const response = await worker.get('/api/cases/caseload?sort=colour');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues?.map((issue) => issue.field)).toEqual(['sort']);
  });
});

describe('a caseload larger than one answer holds', () => {
  let worker: Client;
  let talking: { id: string; reference: string };
  let accepted: { id: string; reference: string };
  let forgotten: { id: string; reference: string };

  /** Open cases of one link worker, copied from a taken one: as many as a busy site has. */
  async function copiesOf(template: { id: string }, count: number): Promise<void> {
    const db = t.database.db;
    const [row] = await db.select().from(cases).where(eq(cases.id, template.id));
    const [person] = row ? await db.select().from(people).where(eq(people.id, row.personId)) : [];
    if (!row || !person) throw new Error('no template case');
    const copies = Array.from({ length: count }, (_, index) => ({
      person: { ...person, id: randomUUID(), familyName: `Bulk-${String(index).padStart(4, '0')}` },
      caseId: randomUUID(),
      index,
    }));
    await db.insert(people).values(copies.map((copy) => copy.person));
    await db.insert(cases).values(
      copies.map((copy) => ({
        ...row,
        id: copy.caseId,
        personId: copy.person.id,
        reference: `B-${String(copy.index).padStart(6, '0')}`,
        referredAt: daysAgo(copy.index % 20),
      })),
    );
  }

  beforeAll(async () => {
    const db = t.database.db;
    const siteId = (await makeSite(db)).id;
    const account = await makeAccount(db, [{ role: 'link_worker', siteId }]);
    worker = new Client(t.app);
    await worker.signIn(account.email, account.password);
    const template = await takenCase(siteId, worker, { familyName: 'Bulk-template' });
    await copiesOf(template, 1005);
    // Last by name, so past the bound in that order: reached, with a concern; then accepted.
    talking = await takenCase(siteId, worker, { givenName: 'Zoé', familyName: 'Zwart' });
    const contact = { channel: 'phone', outcome: 'reached', occurredAt: new Date().toISOString() };
    expect((await worker.post(`/api/cases/${talking.id}/contacts`, contact)).statusCode).toBe(201);
    const concern = { level: 'concern', description: 'Spoke of being afraid at home.' };
    expect((await worker.post(`/api/cases/${talking.id}/safeguarding`, concern)).statusCode).toBe(
      201,
    );
    await db
      .update(cases)
      .set({ referredAt: daysAgo(400) })
      .where(eq(cases.id, talking.id));
    // Never reached in two months: the most overdue of all, and last but one by name.
    forgotten = await takenCase(siteId, worker, { givenName: 'Zacharie', familyName: 'Zyx' });
    await db
      .update(cases)
      .set({ referredAt: daysAgo(60) })
      .where(eq(cases.id, forgotten.id));
    accepted = await takenCase(siteId, worker, { givenName: 'Yves', familyName: 'Zylberg' });
    await db
      .update(cases)
      .set({ status: 'active', acceptedAt: new Date() })
      .where(eq(cases.id, accepted.id));
  });

  async function caseload(query: string): Promise<CaseloadList> {
    const response = await worker.get(`/api/cases/caseload?assignee=me&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<CaseloadList>();
  }

  it('says it lists only the first cases of the order, instead of leaving the others out unsaid', async () => {
    const byName = await caseload('sort=name');
    expect(byName).toMatchObject({ truncated: true, bound: 1000 });
    expect(byName.items).toHaveLength(1000);
    expect(byName.items.map((item) => item.reference)).not.toContain(talking.reference);
  });

  it('orders in the query, so the first cases of the order asked for are the ones listed', async () => {
    // The oldest referral is last by name, yet first by referral date.
    const byReferral = await caseload('sort=referred');
    expect(byReferral.items[0]?.reference).toBe(talking.reference);
    const byStage = await caseload('sort=stage');
    expect(byStage.truncated).toBe(true);
    expect(byStage.items.every((item) => item.stage === 'waiting')).toBe(true);
  });

  it('orders by due date in the query: the most overdue flagged case first, wherever its name falls', async () => {
    const byDue = await caseload('');
    expect(byDue.truncated).toBe(true);
    expect(byDue.items[0]).toMatchObject({
      reference: forgotten.reference,
      waitingTooLong: true,
      nextAction: 'first_contact',
    });
    // Flagged first, then by due day: what the query ordered is what the rules show.
    const shown = byDue.items.map((item) => [
      item.waitingTooLong ? 0 : 1,
      item.nextActionOn ?? '9',
    ]);
    expect(shown).toEqual([...shown].sort((a, b) => String(a).localeCompare(String(b))));
  });

  it('filters by due date and by waiting too long in the query, as the rules show them', async () => {
    const overdue = await caseload('due=overdue&sort=name');
    expect(overdue.items.map((item) => item.reference)).toContain(forgotten.reference);
    const today = siteDay();
    expect(overdue.items.every((item) => (item.nextActionOn ?? '9') < today)).toBe(true);
    const waiting = await caseload('flag=waiting_too_long&sort=name');
    expect(waiting.items.length).toBeGreaterThan(0);
    expect(waiting.items.every((item) => item.waitingTooLong)).toBe(true);
    expect(waiting.items.map((item) => item.reference)).toContain(forgotten.reference);
  });

  it('filters by stage and safeguarding in the query, so a narrower filter reaches every case', async () => {
    expect(await caseload('stage=contacting')).toMatchObject({
      truncated: false,
      items: [{ reference: talking.reference, stage: 'contacting' }],
    });
    expect(await caseload('stage=accepted')).toMatchObject({
      truncated: false,
      items: [{ reference: accepted.reference, stage: 'accepted' }],
    });
    expect(await caseload('flag=safeguarding')).toMatchObject({
      truncated: false,
      items: [{ reference: talking.reference, openSafeguarding: true }],
    });
    expect((await caseload('stage=planned')).items).toEqual([]);
  });
});

describe('reassigning several cases at once', () => {
  async function rows(ids: string[]): Promise<(typeof cases.$inferSelect)[]> {
    return t.database.db.select().from(cases).where(inArray(cases.id, ids));
  }

  async function two(): Promise<{ id: string; version: number }[]> {
    const a = await takenCase(homeSiteId, clients.linkWorker);
    const b = await takenCase(homeSiteId, clients.linkWorker);
    return [
      { id: a.id, version: 2 },
      { id: b.id, version: 2 },
    ];
  }

  it('gives them all to a link worker of the site, with a history line and an audit event each', async () => {
    const picked = await two();
    const response = await clients.manager.post('/api/cases/reassignments', {
      cases: picked,
      accountId: accounts.secondLinkWorker.id,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ reassigned: 2 });
    const ids = picked.map((c) => c.id);
    for (const row of await rows(ids)) {
      expect(row).toMatchObject({ assignedTo: accounts.secondLinkWorker.id, status: 'assigned' });
    }
    const lines = await t.database.db
      .select()
      .from(caseEvents)
      .where(and(inArray(caseEvents.caseId, ids), eq(caseEvents.reason, 'reassigned')));
    expect(lines).toHaveLength(2);
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(inArray(auditEvents.subjectId, ids), eq(auditEvents.action, 'case.assigned')));
    expect(audited).toHaveLength(2);
    expect(audited[0]?.details).toMatchObject({
      assignedTo: accounts.secondLinkWorker.id,
      previous: accounts.linkWorker.id,
    });
    // The case screen says so in its history.
    const screen = await clients.manager.get(`/api/cases/${ids[0] ?? ''}`);
    expect(screen.json<CaseDetail>().history.at(-1)).toMatchObject({
      fromStatus: 'assigned',
      toStatus: 'assigned',
      reason: 'reassigned',
    });
  });

  it('changes none of them when one is refused', async () => {
    const picked = await two();
    const ids = picked.map((c) => c.id);
    const elsewhere = await takenCase(otherSiteId, clients.otherLinkWorker);
    const cases_ = { cases: picked, accountId: accounts.secondLinkWorker.id };
    const refusals = [
      // a link worker does not reassign
      [clients.linkWorker, cases_, 403],
      // nor a manager of another site, who does not even learn the cases exist
      [clients.otherManager, cases_, 404],
      // nor to a link worker of another site
      [clients.manager, { ...cases_, accountId: accounts.otherLinkWorker.id }, 404],
      // one case of another site among them
      [clients.manager, { ...cases_, cases: [...picked, { id: elsewhere.id, version: 2 }] }, 404],
      // one changed since the list was read
      [clients.manager, { ...cases_, cases: [picked[0], { id: ids[1], version: 1 }] }, 409],
    ] as const;
    for (const [client, body, status] of refusals) {
      const response = await client.post('/api/cases/reassignments', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
    }
    for (const row of await rows([...ids, elsewhere.id])) {
      expect(row.assignedTo).not.toBe(accounts.secondLinkWorker.id);
      expect(row.version).toBe(2);
    }
    const wrongWorker = await clients.manager.post('/api/cases/reassignments', {
      ...cases_,
      accountId: accounts.otherLinkWorker.id,
    });
    expect(errorOf(wrongWorker).field).toBe('accountId');
  });

  it('refuses a closed case', async () => {
    const [first] = await two();
    if (!first) throw new Error('no case');
    const closed = await clients.linkWorker.post(`/api/cases/${first.id}/status`, {
      to: 'discharged',
      reason: 'moved',
      version: 2,
    });
    expect(closed.statusCode).toBe(200);
    const response = await clients.manager.post('/api/cases/reassignments', {
      cases: [{ id: first.id, version: 3 }],
      accountId: accounts.secondLinkWorker.id,
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('case_closed');
  });
});
