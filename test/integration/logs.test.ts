import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { DatabaseHandle } from '../../src/server/db/client';
import { Client } from '../helpers/app';
import { openTestDatabase } from '../helpers/database';
import { makeAccount, makeSite } from '../helpers/factories';

let database: DatabaseHandle;
let logs = '';

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

it('logs requests without passwords, emails, cookies, tokens or search terms', async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace' }),
    database,
    logStream: stream,
  });
  const site = await makeSite(database.db);
  const admin = await makeAccount(database.db, [{ role: 'administrator' }]);
  const worker = await makeAccount(database.db, [{ role: 'link_worker', siteId: site.id }]);
  const client = new Client(app);
  await client.signIn(worker.email, 'a wrong password typed by mistake');
  await client.signIn(admin.email, admin.password);
  await client.get(`/api/accounts?search=${encodeURIComponent('Lavoie')}`);
  await client.patch('/api/me', { displayName: 'Sensitive Name' });
  await app.close();

  expect(logs).toContain('/api/auth/sign-in');
  for (const secret of [
    'a wrong password typed by mistake',
    admin.password,
    admin.email,
    worker.email,
    'Lavoie',
    'Sensitive Name',
    client.csrfToken ?? 'no token',
    client.cookie?.split('=')[1] ?? 'no cookie',
  ]) {
    expect(logs).not.toContain(secret);
  }
});
