import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { accounts, roleGrants } from '../../src/server/db/schema';
import { Client, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { eventually } from '../helpers/until';
import { makeAccount, makeCase, makeSite, type TestAccount } from '../helpers/factories';

/*
 * Each app instance keeps the sessions it has read in memory (session-cache.ts), and the
 * database tells every instance what changed. Two instances share one database here, as two
 * servers behind a load balancer would: what one does, or what is changed in the database
 * itself, must reach the other's next requests. Both use one database handle, whose one
 * connection listens for both (db/notifications.ts): servers apart each have their own.
 */

let t: TestApp;
let second: FastifyInstance;
let siteId: string;
let admin: TestAccount;

beforeAll(async () => {
  t = await startTestApp();
  second = await buildApp({ config: t.config, database: t.database });
  await second.ready();
  siteId = (await makeSite(t.database.db)).id;
  admin = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  await untilListening(1);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

/** How many connections of this database listen for session changes. */
async function listeners(): Promise<number> {
  const result = await t.database.db.execute<{ count: string }>(
    sql`select count(*) from pg_stat_activity
      where datname = current_database() and query = 'listen "passerelle_sessions"'`,
  );
  return Number(result.rows[0]?.count ?? 0);
}

async function untilListening(count: number): Promise<void> {
  await eventually(async () => expect(await listeners()).toBe(count));
}

/** A link worker of the site signed in on the first instance, and the same session on the second. */
async function linkWorkerOnBoth(): Promise<{ account: TestAccount; first: Client; other: Client }> {
  const account = await makeAccount(t.database.db, [{ role: 'link_worker', siteId }]);
  const first = await signedInClient(t.app, account);
  const other = new Client(second);
  other.cookie = first.cookie;
  other.csrfToken = first.csrfToken;
  return { account, first, other };
}

async function signedInAdmin(app: FastifyInstance): Promise<Client> {
  const client = new Client(app);
  expect((await client.signIn(admin.email, admin.password)).statusCode).toBe(200);
  return client;
}

describe('sessions kept in memory', () => {
  it('refuses a session signed out on another instance', async () => {
    const { first, other } = await linkWorkerOnBoth();
    expect((await first.get('/api/auth/session')).statusCode).toBe(200);
    expect((await other.post('/api/auth/sign-out')).statusCode).toBe(204);
    await eventually(async () =>
      expect((await first.get('/api/auth/session')).statusCode).toBe(401),
    );
  });

  it('refuses an account deactivated on another instance', async () => {
    const { account, first } = await linkWorkerOnBoth();
    expect((await first.get('/api/auth/session')).statusCode).toBe(200);
    const administrator = await signedInAdmin(second);
    const off = await administrator.patch(`/api/accounts/${account.id}`, {
      active: false,
      version: 1,
    });
    expect(off.statusCode).toBe(200);
    await eventually(async () =>
      expect((await first.get('/api/auth/session')).statusCode).toBe(401),
    );
  });

  it('takes a site away from a link worker whose grant is removed in the database', async () => {
    const { account, first } = await linkWorkerOnBoth();
    const caseId = (await makeCase(t.database.db, siteId)).id;
    expect((await first.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    await t.database.db
      .delete(roleGrants)
      .where(and(eq(roleGrants.accountId, account.id), eq(roleGrants.siteId, siteId)));
    await eventually(async () =>
      expect((await first.get(`/api/cases/${caseId}`)).statusCode).toBe(403),
    );
  });

  it("sees this instance's own change on the very next request", async () => {
    const account = await makeAccount(t.database.db, [{ role: 'link_worker', siteId }]);
    const phone = new Client(t.app);
    const desk = new Client(t.app);
    expect((await phone.signIn(account.email, account.password)).statusCode).toBe(200);
    expect((await desk.signIn(account.email, account.password)).statusCode).toBe(200);
    expect((await phone.get('/api/auth/session')).statusCode).toBe(200);
    const changed = await desk.post('/api/me/password', {
      currentPassword: account.password,
      newPassword: 'a brand new passphrase for the desk',
    });
    expect(changed.statusCode).toBe(204);
    // No waiting for the database's notice: the change was made here.
    expect((await phone.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('keeps what it read until told: an idle session is refused once the database says so', async () => {
    const { account, first } = await linkWorkerOnBoth();
    expect((await first.get('/api/auth/session')).statusCode).toBe(200);
    const idleFor = (days: number) => sql`update sessions
      set last_seen_at = now() - make_interval(days => ${days}) where account_id = ${account.id}`;
    // With the notices off, the change is not heard: the session is served from memory.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table sessions disable trigger user`);
      await tx.execute(idleFor(2));
      await tx.execute(sql`alter table sessions enable trigger user`);
    });
    expect((await first.get('/api/auth/session')).statusCode).toBe(200);
    // Told (a last-seen time moving back tells), it asks the database again.
    await t.database.db.execute(idleFor(3));
    await eventually(async () =>
      expect((await first.get('/api/auth/session')).statusCode).toBe(401),
    );
  });

  it('listens again after losing its connection, and forgets what it held meanwhile', async () => {
    const { account, first } = await linkWorkerOnBoth();
    expect((await first.get('/api/auth/session')).statusCode).toBe(200);
    await t.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'listen "passerelle_sessions"'`,
    );
    // Deactivated without a notice, as if it happened while nobody listened.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table accounts disable trigger user`);
      await tx.update(accounts).set({ active: false }).where(eq(accounts.id, account.id));
      await tx.execute(sql`alter table accounts enable trigger user`);
    });
    await untilListening(1);
    expect((await first.get('/api/auth/session')).statusCode).toBe(401);
  });
});
