import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/server/db/client';
import { type DemoSeed, demoPassword, seedDemo } from '../../src/server/demo';
import { Client, startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
let seeded: DemoSeed;

beforeAll(async () => {
  t = await startTestApp();
  const demo = await seedDemo(t.database.db, t.config);
  if (!demo) throw new Error('the demo found accounts in a new database');
  seeded = demo;
}, 60_000);
afterAll(() => t.close());

async function signedIn(email: string): Promise<Client> {
  const client = new Client(t.app);
  const response = await client.signIn(email, demoPassword);
  expect(response.statusCode, email).toBe(200);
  return client;
}

type CaseFacts = {
  id: string;
  site: string;
  status: string;
  closed_at: Date | string | null;
  referred_at: Date | string;
  referrer_summary: unknown;
  covers_updates: boolean | null;
  last_event: string | null;
  events: number;
  first_event: string | null;
};

describe('the demo cases', () => {
  it('fill both health centres at every stage, quickly and without sending old news', async () => {
    console.info(`demo cases: ${seeded.cases} in ${seeded.milliseconds} ms`);
    expect(seeded.cases).toBeGreaterThanOrEqual(24);
    const rows = await selectRows<{ site: string; status: string; n: number }>(
      t.database.db,
      sql`select s.name as site, c.status, count(*)::int as n
          from cases c join sites s on s.id = c.site_id group by 1, 2`,
    );
    for (const site of ['CSC de l’Estrie – Cornwall', 'Riverside CHC – Queen Street']) {
      const statuses = new Set(rows.filter((r) => r.site === site).map((r) => r.status));
      expect(statuses, site).toEqual(
        new Set(['new', 'assigned', 'active', 'declined', 'unreachable', 'discharged']),
      );
      const count = rows.filter((r) => r.site === site).reduce((sum, r) => sum + r.n, 0);
      expect(count, site).toBeGreaterThanOrEqual(12);
    }
    // Nothing goes out on its own; one partner's address bounced, for the undelivered screen.
    const emails = await selectRows<{ status: string; n: number }>(
      t.database.db,
      sql`select status, count(*)::int as n from outbound_emails group by status`,
    );
    expect(emails).toEqual([{ status: 'failed', n: 1 }]);
    const connections = await selectRows<{ status: string }>(
      t.database.db,
      sql`select distinct status from connections`,
    );
    expect(new Set(connections.map((c) => c.status))).toEqual(
      new Set(['proposed', 'sent', 'accepted', 'declined', 'attended', 'ongoing', 'not_taken_up']),
    );
    const [spread] = await selectRows<{ oldest: number }>(
      t.database.db,
      sql`select extract(day from now() - min(referred_at))::int as oldest from cases`,
    );
    expect(spread?.oldest).toBeGreaterThan(100);
  });

  it('are consistent: status from the history, closing moment and summary back', async () => {
    const cases = await selectRows<CaseFacts>(
      t.database.db,
      sql`select c.id, c.site_id as site, c.status, c.closed_at, c.referred_at,
            c.referrer_summary, k.covers_referrer_updates as covers_updates,
            (select to_status from case_events e where e.case_id = c.id
              order by e.at desc, e.id desc limit 1) as last_event,
            (select to_status from case_events e where e.case_id = c.id
              order by e.at asc limit 1) as first_event,
            (select count(*)::int from case_events e where e.case_id = c.id) as events
          from cases c left join consents k on k.case_id = c.id`,
    );
    for (const c of cases) {
      expect(c.first_event, c.id).toBe('new');
      expect(c.last_event, c.id).toBe(c.status);
      expect(c.covers_updates, `${c.id} has a consent`).not.toBeNull();
      const closed = ['declined', 'unreachable', 'discharged'].includes(c.status);
      expect(c.closed_at !== null, c.id).toBe(closed);
      if (closed) {
        expect(c.referrer_summary, c.id).not.toBeNull();
        const summary = c.referrer_summary as { closedAt: string };
        expect(Date.parse(summary.closedAt)).toBe(new Date(c.closed_at ?? 0).getTime());
      }
    }
    // Nothing of a case's story happened before its referral.
    const [early] = await selectRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from case_events e join cases c on c.id = e.case_id
          where e.at < c.referred_at`,
    );
    expect(early?.n).toBe(0);
  });

  it('show on the screens of the demo accounts', async () => {
    const worker = await signedIn('linkworker@passerelle.example');
    const caseload = await worker.get('/api/cases/caseload');
    expect(caseload.statusCode).toBe(200);
    const items = caseload.json<{ items: { waitingTooLong: boolean }[] }>().items;
    expect(items.length).toBeGreaterThan(4);
    expect(items.some((i) => i.waitingTooLong)).toBe(true);

    const triage = await worker.get('/api/cases/triage');
    const queue = triage.json<{
      items: { urgency: string; waitingTooLong: boolean; possibleDuplicate?: unknown }[];
    }>().items;
    expect(queue.length).toBeGreaterThanOrEqual(4);
    expect(queue.some((i) => i.urgency === 'urgent')).toBe(true);
    expect(queue.some((i) => i.waitingTooLong)).toBe(true);

    const riverside = await signedIn('linkworker.riverside@passerelle.example');
    const riversideQueue = await riverside.get('/api/cases/triage');
    expect(riversideQueue.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(4);

    const referrer = await signedIn('referrer@passerelle.example');
    const mine = await referrer.get('/api/referrals/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json<{ items: unknown[] }>().items.length).toBeGreaterThan(5);

    const partner = await signedIn('partner@passerelle.example');
    const inbox = await partner.get('/api/partner/connections');
    expect(inbox.statusCode).toBe(200);
    const statuses = inbox.json<{ items: { status: string }[] }>().items.map((i) => i.status);
    expect(statuses).toEqual(expect.arrayContaining(['sent', 'ongoing', 'declined']));
  });
});
