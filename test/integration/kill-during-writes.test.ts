import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/server/db/client';
import { HttpClient, openProcessDatabase, startAppProcess } from '../helpers/app-process';
import { makeAccount, makeSite } from '../helpers/factories';
import type { CreateReferralInput } from '../../src/shared/contracts/referrals';
import { referralInput } from '../helpers/referral-input';
import { until } from '../helpers/until';

/*
 * kill -9 of the app while 8 referrers create referrals, each with an Idempotency-Key, then
 * a restart on the same database and a retry of every create left unanswered with its key:
 * each acknowledged referral is there once, each retried one once (the retry found it if it
 * had committed), nothing is half-written and nothing is there twice.
 */

let database: Awaited<ReturnType<typeof openProcessDatabase>>;
let siteId: string;

beforeAll(async () => {
  database = await openProcessDatabase();
  siteId = (await makeSite(database.db)).id;
});
afterAll(() => database.close());

type Create = { client: HttpClient; key: string; familyName: string; body: unknown };
type Acknowledged = { familyName: string; caseId: string };

function referral(familyName: string): CreateReferralInput {
  return referralInput({
    givenName: 'Gilles',
    familyName,
    dateOfBirth: '1946-09-30',
    phone: '819-555-0177',
  });
}

function send(create: Create): Promise<Response> {
  return create.client.post('/api/referrals', create.body, { 'idempotency-key': create.key });
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await selectRows<{ count: number }>(database.db, query);
  return row?.count ?? 0;
}

describe('kill -9 of the app during 8 writers, then a restart and the retries', () => {
  it('keeps every acknowledged referral once, finds or makes each unanswered one once, and nothing half-written', async () => {
    const first = await startAppProcess(database.url);
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const account = await makeAccount(database.db, [{ role: 'referrer', siteId }]);
        const client = new HttpClient(first.baseUrl);
        await client.signIn(account.email, account.password);
        return client;
      }),
    );

    const acknowledged: Acknowledged[] = [];
    const unanswered: Create[] = [];
    const otherAnswers: number[] = [];
    const write = async (client: HttpClient, writer: number): Promise<void> => {
      for (let n = 0; ; n++) {
        const familyName = `W${writer}-${n}-${randomUUID().slice(0, 8)}`;
        const create = { client, key: randomUUID(), familyName, body: referral(familyName) };
        let response: Response;
        try {
          response = await send(create);
        } catch {
          // No answer: the process was killed with the request in flight, or before it.
          unanswered.push(create);
          return;
        }
        if (response.status !== 201) {
          otherAnswers.push(response.status);
          return;
        }
        acknowledged.push({ familyName, caseId: ((await response.json()) as { id: string }).id });
      }
    };
    const writers = clients.map((client, writer) => write(client, writer));
    await until(() => acknowledged.length >= 300, 60_000);
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    expect(await first.exited).toBeNull();
    expect(otherAnswers).toEqual([]);
    expect(unanswered.length).toBe(8);

    const second = await startAppProcess(database.url);
    for (const client of clients) client.baseUrl = second.baseUrl;
    const retried: Acknowledged[] = [];
    let replayed = 0;
    for (const create of unanswered) {
      const response = await send(create);
      expect(response.status).toBe(201);
      if (response.headers.get('idempotent-replayed') === 'true') replayed += 1;
      retried.push({
        familyName: create.familyName,
        caseId: ((await response.json()) as { id: string }).id,
      });
    }

    // Each answered referral, before the kill or on retry, is there once with the id given.
    const rows = await selectRows<{ family_name: string; id: string }>(
      database.db,
      sql`select p.family_name, c.id from cases c join people p on p.id = c.person_id`,
    );
    const answered = [...acknowledged, ...retried];
    expect(rows.length).toBe(answered.length);
    const idsByName = new Map<string, string[]>();
    for (const row of rows)
      idsByName.set(row.family_name, [...(idsByName.get(row.family_name) ?? []), row.id]);
    for (const { familyName, caseId } of answered) {
      expect(idsByName.get(familyName), familyName).toEqual([caseId]);
    }
    // Nothing half-written: every case has its consent, first history line, audit event and
    // key; every person a case; every key an answer.
    expect(
      await count(sql`select count(*)::int as count from cases c
        where not exists (select 1 from consents k where k.case_id = c.id)
           or not exists (select 1 from case_events e where e.case_id = c.id)
           or not exists (select 1 from audit_events a where a.subject_id = c.id::text and a.action = 'referral.created')`),
    ).toBe(0);
    expect(
      await count(sql`select count(*)::int as count from people p
        where not exists (select 1 from cases c where c.person_id = p.id)`),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as count from idempotency_keys`)).toBe(
      answered.length,
    );
    expect(
      await count(
        sql`select count(*)::int as count from idempotency_keys where status_code is null`,
      ),
    ).toBe(0);
    // A retried create sent once more is answered as it was, not made again.
    for (const create of unanswered.slice(0, 2)) {
      const again = await send(create);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    console.log(
      `kill -9 under 8 writers: ${acknowledged.length} acknowledged, ${unanswered.length} unanswered, of which ${replayed} had committed (replayed on retry) and ${unanswered.length - replayed} were made on retry; ${rows.length} cases, no duplicate`,
    );

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
