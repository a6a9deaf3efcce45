import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { DatabaseHandle } from '../../src/server/db/client';
import { outboundEmails } from '../../src/server/db/schema';
import { createActionLink } from '../../src/server/platform/action-links';
import { Client } from '../helpers/app';
import { openTestDatabase } from '../helpers/database';
import { makeAccount, makeSite } from '../helpers/factories';

let database: DatabaseHandle;
let webRoot: string;

beforeAll(async () => {
  database = await openTestDatabase();
  // The web pages of emailed links (/respond/…, /questionnaire/…) are served as index.html.
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-logs-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Passerelle</title>');
});
afterAll(async () => {
  await database.close();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

async function appLoggingTo(logs: { text: string }) {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs.text += chunk.toString('utf8')));
  return buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace', DATA_DIR: ':memory:' }),
    database,
    webRoot,
    logStream: stream,
  });
}

it('logs requests without passwords, emails, cookies, tokens or search terms', async () => {
  const logs = { text: '' };
  const app = await appLoggingTo(logs);
  const site = await makeSite(database.db);
  const admin = await makeAccount(database.db, [{ role: 'administrator' }]);
  const worker = await makeAccount(database.db, [{ role: 'link_worker', siteId: site.id }]);
  const client = new Client(app);
  await client.signIn(worker.email, 'a wrong password typed by mistake');
  await client.signIn(admin.email, admin.password);
  await client.get(`/api/accounts?search=${encodeURIComponent('Lavoie')}`);
  await client.patch('/api/me', { displayName: 'Sensitive Name' });
  await app.close();

  expect(logs.text).toContain('/api/auth/sign-in');
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
    expect(logs.text).not.toContain(secret);
  }
});

it('logs no emailed-link token, genuine or not, on any route or page that carries one', async () => {
  const logs = { text: '' };
  const app = await appLoggingTo(logs);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:' });
  const links = await database.db.transaction(async (tx) => [
    await createActionLink(tx, config, {
      purpose: 'connection.response',
      subjectId: randomUUID(),
      actions: ['accept'],
      ttlHours: 1,
      path: '/respond',
    }),
    await createActionLink(tx, config, {
      purpose: 'measurement.questionnaire',
      subjectId: randomUUID(),
      actions: ['answer'],
      ttlHours: 1,
      path: '/questionnaire',
    }),
  ]);
  // A link cut short by a mail client is still most of a secret.
  const tokens = [...links.map((link) => link.token), 'cut-short-token-still-secret'];
  const anonymous = new Client(app);
  for (const token of tokens) {
    await anonymous.get(`/api/links/${token}`);
    await anonymous.post(`/api/links/${token}`, {});
    await anonymous.get(`/api/questionnaires/${token}?locale=fr`);
    await anonymous.post(`/api/questionnaires/${token}`, { answers: {} });
    for (const page of ['/respond', '/questionnaire', '/links'])
      await anonymous.get(`${page}/${token}`);
  }
  await app.close();

  for (const token of tokens) {
    for (const part of token.split('.')) expect(logs.text).not.toContain(part);
  }
  for (const route of ['/api/links/', '/api/questionnaires/', '/respond/', '/questionnaire/'])
    expect(logs.text).toContain(`"path":"${route}[redacted]"`);
});

it('logs no token of a link to set a new password, nor the address that asked for it', async () => {
  const logs = { text: '' };
  const app = await appLoggingTo(logs);
  const account = await makeAccount(database.db, [{ role: 'evaluator' }]);
  const anonymous = new Client(app);
  await anonymous.post('/api/auth/password-reset-requests', { email: account.email });
  const [sent] = await database.db
    .select({ text: outboundEmails.text })
    .from(outboundEmails)
    .where(eq(outboundEmails.recipient, account.email));
  const token = /\/reset-password#([\w-]+)/.exec(sent?.text ?? '')?.[1] ?? 'no token';
  expect(token).toMatch(/^[\w-]{43}$/);
  // The page is opened without the fragment (browsers never send it); the token goes in a body.
  await anonymous.get('/reset-password');
  await anonymous.post('/api/auth/password-resets', { token, newPassword: 'short' });
  await anonymous.post('/api/auth/password-resets', {
    token,
    newPassword: 'a long new passphrase',
  });
  await app.close();

  expect(logs.text).toContain('"path":"/api/auth/password-resets"');
  for (const secret of [token, account.email, 'a long new passphrase'])
    expect(logs.text).not.toContain(secret);
});
