import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { accounts, fhirAccessTokens, roleGrants } from '../../src/server/db/schema';
import type { FhirClient } from '../../src/shared/contracts/systems';
import { type Client, type TestApp, signedInClient, startTestApp } from '../helpers/app';
import { referByBundle } from '../helpers/fhir-referral';
import { eventually } from '../helpers/until';
import { makeAccount, makeSite } from '../helpers/factories';
import {
  type SystemKey,
  makeSystemKey,
  registerSystem,
  systemToken,
} from '../helpers/fhir-systems';

/*
 * Each app instance keeps the bearer tokens it has read in memory (access-token-cache.ts), and
 * the database tells every instance what changed. Two instances share one database here, as
 * two servers behind a load balancer would: a token stopped through one, or in the database
 * itself, must be refused by the other's next requests.
 */

const publicUrl = 'https://passerelle.example';
const tokenUrl = `${publicUrl}/oauth/token`;
let t: TestApp;
let second: FastifyInstance;
let siteId: string;
let administrator: Client;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  second = await buildApp({ config: t.config, database: t.database });
  await second.ready();
  siteId = (await makeSite(t.database.db)).id;
  const admin = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  administrator = await signedInClient(t.app, admin);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

/** A Task search on an instance: 200 while the token stands, 401 once it does not. */
async function searchStatus(app: FastifyInstance, token: string): Promise<number> {
  const response = await app.inject({
    method: 'GET',
    url: '/fhir/R4/Task',
    headers: { authorization: `Bearer ${token}` },
  });
  return response.statusCode;
}

/** A registered system's token, read once by each instance (each keeps it). */
async function tokenReadOnBoth(): Promise<{ system: FhirClient; key: SystemKey; token: string }> {
  const key = await makeSystemKey();
  const system = await registerSystem(administrator, { siteIds: [siteId], keys: [key] });
  const token = await systemToken(t, system, key, tokenUrl);
  expect(await searchStatus(t.app, token)).toBe(200);
  expect(await searchStatus(second, token)).toBe(200);
  return { system, key, token };
}

async function systemAccountId(system: FhirClient): Promise<string> {
  const [row] = await t.database.db
    .execute<{ account_id: string }>(
      sql`select account_id from fhir_clients where id = ${system.id}`,
    )
    .then((result) => result.rows);
  return row?.account_id ?? '';
}

describe('bearer tokens kept in memory', () => {
  it('refuses a token whose system was deactivated on another instance', async () => {
    const { system, token } = await tokenReadOnBoth();
    const deactivated = await administrator.post(`/api/admin/systems/${system.id}/deactivate`, {
      version: system.version,
    });
    expect(deactivated.statusCode).toBe(200);
    // The instance that made the change forgets at once; the other when the database says so.
    expect(await searchStatus(t.app, token)).toBe(401);
    await eventually(async () => expect(await searchStatus(second, token)).toBe(401));
  });

  it('refuses a token deleted in the database, and a system account deactivated there', async () => {
    const { token } = await tokenReadOnBoth();
    await t.database.db.delete(fhirAccessTokens);
    await eventually(async () => expect(await searchStatus(second, token)).toBe(401));
    const other = await tokenReadOnBoth();
    await t.database.db
      .update(accounts)
      .set({ active: false })
      .where(eq(accounts.id, await systemAccountId(other.system)));
    await eventually(async () => expect(await searchStatus(second, other.token)).toBe(401));
  });

  it('takes a site away from a system whose grant is removed in the database', async () => {
    const key = await makeSystemKey();
    const system = await registerSystem(administrator, {
      siteIds: [siteId],
      keys: [key],
      allowedScopes: ['system/*.cr'],
    });
    const token = await systemToken(t, system, key, tokenUrl, 'system/*.cr');
    const taskId = (await referByBundle(t, token, siteId)).Task ?? '';
    const readTask = (): Promise<number> =>
      second
        .inject({
          method: 'GET',
          url: `/fhir/R4/Task/${taskId}`,
          headers: { authorization: `Bearer ${token}` },
        })
        .then((response) => response.statusCode);
    expect(await readTask()).toBe(200);
    await t.database.db
      .delete(roleGrants)
      .where(eq(roleGrants.accountId, await systemAccountId(system)));
    // The token still stands, but the site's referral is no longer the system's to read.
    await eventually(async () => expect(await readTask()).toBe(404));
  });

  it('answers from memory until told: a change made with no notice is not seen', async () => {
    const { token } = await tokenReadOnBoth();
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table fhir_access_tokens disable trigger user`);
      await tx.delete(fhirAccessTokens);
      await tx.execute(sql`alter table fhir_access_tokens enable trigger user`);
    });
    expect(await searchStatus(second, token)).toBe(200);
    // Its listening connection lost and back: what it held is forgotten.
    await t.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'listen "passerelle_sessions"'`,
    );
    await eventually(async () => expect(await searchStatus(second, token)).toBe(401));
  });
});
