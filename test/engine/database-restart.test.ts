import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type DatabaseHandle, openDatabase, selectRows } from '../../src/server/db/client';
import { type EmbeddedCluster, startEmbeddedCluster } from '../../src/server/db/embedded-postgres';
import { Client } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import type { CreateReferralInput } from '../../src/shared/contracts/referrals';
import { referralInput } from '../helpers/referral-input';
import { until } from '../helpers/until';

/*
 * The database restarted under load, as an operator's restart or a failover does: the app
 * must go on (an error on a connection lent to a transaction used to stop the process), tell
 * callers to come back (503 with Retry-After, not 500) while the database is away, and serve
 * again as soon as it is back.
 */

type Answer = { status: number; at: number; retryAfter: string | undefined };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function referral(n: number): CreateReferralInput {
  return referralInput({ familyName: `Gagnon-${n}-${Math.random().toString(36).slice(2, 8)}` });
}

async function startOn(dataDir: string): Promise<{
  cluster: () => EmbeddedCluster;
  restart: (between: () => Promise<void>) => Promise<number>;
  database: DatabaseHandle;
}> {
  let cluster = await startEmbeddedCluster(dataDir);
  const database = await openDatabase({ kind: 'server', url: cluster.url });
  cleanups.push(async () => {
    await database.close();
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  await database.migrate();
  return {
    cluster: () => cluster,
    database,
    // Fast shutdown (every session is told, as `pg_ctl restart` does), then a start.
    restart: async (between) => {
      await cluster.stop();
      await between();
      cluster = await startEmbeddedCluster(dataDir);
      return Date.now();
    },
  };
}

describe('a restart of the database', () => {
  it('answers 503 with Retry-After while the database is away, and serves again within 2 s of its return', async () => {
    const { database, restart } = await startOn(
      fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-restart-')),
    );
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: ':memory:',
      LOG_LEVEL: 'silent',
      SIGN_IN_RATE_PER_MINUTE: '1000',
      PUBLIC_FORM_RATE_PER_MINUTE: '1000',
    });
    const app = await buildApp({ config, database });
    cleanups.push(() => app.close());
    const site = await makeSite(database.db);
    const account = await makeAccount(database.db, [{ role: 'referrer', siteId: site.id }]);
    const referrer = new Client(app);
    expect((await referrer.signIn(account.email, account.password)).statusCode).toBe(200);

    // An error nobody listens for would stop a real process; here, it is recorded.
    const uncaught: unknown[] = [];
    const record = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', record);
    cleanups.push(async () => void process.off('uncaughtException', record));

    const answers: Answer[] = [];
    let running = true;
    const write = async (worker: number): Promise<void> => {
      for (let n = 0; running; n++) {
        const response = await referrer.post('/api/referrals', referral(worker * 100_000 + n));
        const retryAfter = response.headers['retry-after'];
        answers.push({
          status: response.statusCode,
          at: Date.now(),
          retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
        });
        if (response.statusCode === 503) await new Promise((done) => setTimeout(done, 25));
      }
    };
    const writers = Array.from({ length: 6 }, (_, worker) => write(worker));
    await until(() => answers.filter((a) => a.status === 201).length >= 30, 60_000);

    // A request in the middle of its transaction, its connection lent out between statements.
    let restarted = (): void => undefined;
    const restarting = new Promise<void>((done) => (restarted = done));
    let begun = false;
    const held = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      begun = true;
      await restarting;
      await tx.execute(sql`select 1`);
    });
    const heldOutcome = held.then(
      () => 'committed',
      () => 'failed',
    );
    await until(() => begun, 10_000);
    let readyWhileAway = 0;
    const backAt = await restart(async () => {
      restarted();
      readyWhileAway = (await app.inject({ method: 'GET', url: '/readyz' })).statusCode;
      await new Promise((done) => setTimeout(done, 300));
    });
    await until(() => answers.some((a) => a.status === 201 && a.at > backAt), 10_000);
    running = false;
    await Promise.all(writers);

    expect(uncaught).toEqual([]);
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].toSorted()).toEqual([201, 503]);
    const refusals = answers.filter((a) => a.status === 503);
    expect(refusals.every((a) => a.retryAfter === '2')).toBe(true);
    expect(readyWhileAway).toBe(503);
    const firstBack = answers.find((a) => a.status === 201 && a.at > backAt);
    expect((firstBack?.at ?? Infinity) - backAt).toBeLessThan(2000);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(await heldOutcome).toBe('failed');
    // Every referral answered 201 is there.
    const [written] = await selectRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from cases`,
    );
    expect(written?.count).toBeGreaterThanOrEqual(answers.filter((a) => a.status === 201).length);
  });
});
