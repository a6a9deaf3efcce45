import net from 'node:net';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, people, sites } from '../../src/server/db/schema';
import { selectRows } from '../../src/server/db/client';
import {
  type AppProcess,
  HttpClient,
  openProcessDatabase,
  startAppProcess,
} from '../helpers/app-process';
import { makeAccount, makeSite, type TestAccount } from '../helpers/factories';
import type { CreateReferralInput } from '../../src/shared/contracts/referrals';
import { referralInput } from '../helpers/referral-input';
import { until } from '../helpers/until';

/*
 * SIGTERM, as an orchestrator or a deploy sends it: the app stops taking requests at once,
 * answers those it was working on, then closes its pool and exits 0.
 */

let database: Awaited<ReturnType<typeof openProcessDatabase>>;
let siteId: string;
let referrer: TestAccount;

beforeAll(async () => {
  database = await openProcessDatabase();
  siteId = (await makeSite(database.db)).id;
  referrer = await makeAccount(database.db, [{ role: 'referrer', siteId }]);
});
afterAll(() => database.close());

function referral(familyName: string): CreateReferralInput {
  return referralInput({
    givenName: 'Hélène',
    familyName,
    dateOfBirth: '1950-02-11',
    phone: '819-555-0123',
  });
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Backends of this database waiting on a lock: the app's referrals held up by the test. */
async function waitingOnLock(): Promise<number> {
  const [row] = await selectRows<{ count: number }>(
    database.db,
    sql`select count(*)::int as count from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return row?.count ?? 0;
}

describe('SIGTERM', () => {
  it('refuses new connections, answers the requests in flight, closes the pool and exits 0', async () => {
    const app: AppProcess = await startAppProcess(database.url);
    const client = new HttpClient(app.baseUrl);
    await client.signIn(referrer.email, referrer.password);

    // The site row locked: each referral's insert waits on it (its foreign key), in flight.
    let release = (): void => undefined;
    const released = new Promise<void>((done) => (release = done));
    let locked = false;
    const holder = database.db.transaction(async (tx) => {
      await tx.select().from(sites).where(eq(sites.id, siteId)).for('update');
      locked = true;
      await released;
    });
    await until(() => locked, 5_000);
    const names = ['Arsenault', 'Bélanger', 'Cloutier'].map((name) => `${name}-${Date.now()}`);
    const inFlight = names.map((name) => client.post('/api/referrals', referral(name)));
    await until(async () => (await waitingOnLock()) >= names.length, 10_000);

    app.child.kill('SIGTERM');
    await until(() => app.output().includes('stopping: no new requests'), 5_000);
    await until(() => refused(app.port), 5_000);
    // Still working on the three: the process waits for them.
    expect(app.child.exitCode).toBeNull();

    release();
    await holder;
    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const answeredAt = Date.now();
    expect(await app.exited).toBe(0);
    // Once answered, nothing keeps it: not the clients' kept-alive connections, nor the jobs.
    expect(Date.now() - answeredAt).toBeLessThan(5_000);
    expect(app.output()).not.toContain('grace period');
    // Logged once the pool has closed.
    expect(app.output()).toContain('"msg":"stopped"');

    const written = await database.db
      .select({ familyName: people.familyName })
      .from(cases)
      .innerJoin(people, eq(people.id, cases.personId))
      .where(inArray(people.familyName, names));
    expect(written.map((row) => row.familyName).toSorted()).toEqual(names.toSorted());
  }, 60_000);
});
