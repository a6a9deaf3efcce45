import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  auditEvents,
  outboundEmails,
  passwordResets,
  sessions,
} from '../../src/server/db/schema';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, type TestAccount } from '../helpers/factories';

let t: TestApp;
const publicRate = 4;
const newPassword = 'a brand new passphrase';

beforeAll(async () => {
  t = await startTestApp({
    PUBLIC_URL: 'https://passerelle.test',
    PUBLIC_FORM_RATE_PER_MINUTE: String(publicRate),
    SIGN_IN_MAX_FAILURES: '3',
    SIGN_IN_LOCK_MINUTES: '15',
  });
});
afterAll(() => t.close());

let ipCounter = 10;
/** An anonymous request from an address of its own, so the per-address limit stays out of the way. */
function anonymousPost(
  url: string,
  body: unknown,
  options: { ip?: string; language?: string } = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    payload: body as Record<string, unknown>,
    remoteAddress: options.ip ?? `10.1.${Math.floor(ipCounter / 250)}.${(ipCounter += 1) % 250}`,
    headers: { 'accept-language': options.language ?? 'en' },
  });
}

function askForLink(email: string, options: { ip?: string; language?: string } = {}) {
  return anonymousPost('/api/auth/password-reset-requests', { email }, options);
}

function setPassword(token: string, password = newPassword) {
  return anonymousPost('/api/auth/password-resets', { token, newPassword: password });
}

async function emailsTo(address: string) {
  return t.database.db
    .select()
    .from(outboundEmails)
    .where(eq(outboundEmails.recipient, address))
    .orderBy(desc(outboundEmails.createdAt));
}

/** The token of the newest reset link emailed to the address, read from the link's fragment. */
async function latestToken(address: string): Promise<string> {
  const [email] = await emailsTo(address);
  const token = /\/reset-password#([\w-]+)/.exec(email?.text ?? '')?.[1];
  if (!token) throw new Error(`no reset link emailed to ${address}`);
  return token;
}

async function linkFor(account: TestAccount): Promise<string> {
  expect((await askForLink(account.email)).statusCode).toBe(204);
  return latestToken(account.email);
}

async function auditOf(accountId: string, action: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, accountId), eq(auditEvents.action, action)));
}

async function signsIn(account: TestAccount, password: string): Promise<number> {
  return (await new Client(t.app).signIn(account.email, password)).statusCode;
}

describe('asking for a link', () => {
  it('answers the same whether or not the address has an active account, and emails only an active one', async () => {
    const active = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const inactive = await makeAccount(t.database.db, [{ role: 'evaluator' }], { active: false });
    const answers = [
      await askForLink(active.email.toUpperCase()),
      await askForLink('nobody-here@example.org'),
      await askForLink(inactive.email),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(204);
      expect(answer.body).toBe('');
    }
    expect(await emailsTo(active.email)).toHaveLength(1);
    expect(await emailsTo('nobody-here@example.org')).toHaveLength(0);
    expect(await emailsTo(inactive.email)).toHaveLength(0);
    expect(await auditOf(active.id, 'password.reset_requested')).toEqual([
      expect.objectContaining({ outcome: 'success', actorId: null }),
    ]);
    expect(await auditOf(inactive.id, 'password.reset_requested')).toEqual([
      expect.objectContaining({ outcome: 'failure', details: { reason: 'inactive' } }),
    ]);
    const unknown = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'password.reset_requested'));
    expect(unknown).toContainEqual({ details: { reason: 'unknown_account' } });
    expect(JSON.stringify(unknown)).not.toContain('nobody-here');
  });

  it('emails a one-use link in the account’s language, keeping only a hash of its token', async () => {
    const french = await makeAccount(t.database.db, [{ role: 'evaluator' }], { locale: 'fr' });
    expect((await askForLink(french.email, { language: 'en' })).statusCode).toBe(204);
    const [email] = await emailsTo(french.email);
    expect(email).toMatchObject({
      kind: 'password.reset',
      subject: 'Choisir un nouveau mot de passe Passerelle',
    });
    expect(email?.text).toContain('dans les 30 minutes');
    // The token is in the fragment, which no request carries to the server (nor to its logs).
    expect(email?.text).toMatch(/https:\/\/passerelle\.test\/reset-password#[\w-]{43}\n/);
    const token = await latestToken(french.email);
    const [stored] = await t.database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.accountId, french.id));
    expect(stored?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
    const minutesLeft = ((stored?.expiresAt.getTime() ?? 0) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(29);
    expect(minutesLeft).toBeLessThanOrEqual(30);
    // An account with no language of its own hears in the language it was asked in.
    const unset = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    await askForLink(unset.email, { language: 'fr-CA' });
    expect((await emailsTo(unset.email))[0]?.subject).toBe(
      'Choisir un nouveau mot de passe Passerelle',
    );
  });

  it('checks the address is one, and says the field is required when empty', async () => {
    const wrong = await askForLink('not an address');
    expect(errorOf(wrong)).toMatchObject({ code: 'validation_failed', field: 'email' });
    const empty = await askForLink('');
    expect(errorOf(empty).issues).toEqual([{ field: 'email', message: 'This field is required.' }]);
  });

  it('is limited per client address like the other public forms', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < publicRate; i += 1) {
      expect((await askForLink(`someone-${i}@example.org`, { ip })).statusCode).toBe(204);
    }
    const refused = await askForLink('one-more@example.org', { ip });
    expect(refused.statusCode).toBe(429);
    expect(errorOf(refused).code).toBe('rate_limited');
  });

  it('sends one account at most five links an hour, whoever asks, and answers the same', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    for (let i = 0; i < 6; i += 1) expect((await askForLink(account.email)).statusCode).toBe(204);
    expect(await emailsTo(account.email)).toHaveLength(5);
    expect(await auditOf(account.id, 'password.reset_requested')).toContainEqual(
      expect.objectContaining({ outcome: 'failure', details: { reason: 'too_many_requests' } }),
    );
  });
});

describe('setting a new password by the link', () => {
  it('sets it, ends every session, lifts the lockout and audits it', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const signedIn = await signedInClient(t.app, account);
    // Locked out by three wrong passwords.
    for (let i = 0; i < 3; i += 1) await new Client(t.app).signIn(account.email, 'wrong one');
    expect(await signsIn(account, account.password)).toBe(401);

    const reset = await setPassword(await linkFor(account));
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await signedIn.get('/api/auth/session')).statusCode).toBe(401);
    expect(
      await t.database.db.select().from(sessions).where(eq(sessions.accountId, account.id)),
    ).toEqual([]);
    const [row] = await t.database.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    expect(await signsIn(account, account.password)).toBe(401);
    expect(await signsIn(account, newPassword)).toBe(200);
    const [audited] = await auditOf(account.id, 'password.reset');
    expect(audited).toMatchObject({
      outcome: 'success',
      actorId: account.id,
      details: { wasLocked: true },
    });
    expect(JSON.stringify(audited?.details)).not.toContain(newPassword);
  });

  it('works once', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const token = await linkFor(account);
    expect((await setPassword(token)).statusCode).toBe(204);
    const again = await setPassword(token, 'yet another long passphrase');
    expect(again.statusCode).toBe(400);
    expect(errorOf(again)).toMatchObject({
      code: 'reset_link_invalid',
      message:
        'This link to set a new password no longer works: links last 30 minutes, work once, and a newer request replaces them. Ask for a new link.',
    });
    expect(await signsIn(account, newPassword)).toBe(200);
    expect(await auditOf(account.id, 'password.reset')).toContainEqual(
      expect.objectContaining({ outcome: 'failure', details: { reason: 'used' } }),
    );
  });

  it('refuses a link a newer request replaced, and an expired one', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const older = await linkFor(account);
    const newer = await linkFor(account);
    expect(errorOf(await setPassword(older)).code).toBe('reset_link_invalid');
    await t.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.accountId, account.id));
    expect(errorOf(await setPassword(newer)).code).toBe('reset_link_invalid');
    expect(await signsIn(account, account.password)).toBe(200);
    const reasons = (await auditOf(account.id, 'password.reset')).map((e) => e.details);
    expect(reasons).toEqual(
      expect.arrayContaining([{ reason: 'superseded' }, { reason: 'expired' }]),
    );
  });

  it('refuses an unknown token in the same words', async () => {
    const response = await setPassword('x'.repeat(43));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('reset_link_invalid');
  });

  it('holds the new password to the policy, and keeps the link for a better one', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const token = await linkFor(account);
    const short = await anonymousPost(
      '/api/auth/password-resets',
      { token, newPassword: 'short' },
      { language: 'fr' },
    );
    expect(errorOf(short).issues).toEqual([
      { field: 'newPassword', message: 'Doit contenir au moins 12 caractères.' },
    ]);
    expect((await setPassword(token)).statusCode).toBe(204);
  });

  it('gives a deactivated account no way back in', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const token = await linkFor(account);
    await t.database.db.update(accounts).set({ active: false }).where(eq(accounts.id, account.id));
    expect(errorOf(await setPassword(token)).code).toBe('reset_link_invalid');
    expect(await signsIn(account, newPassword)).toBe(401);
    expect(await signsIn(account, account.password)).toBe(401);
    expect(await auditOf(account.id, 'password.reset')).toContainEqual(
      expect.objectContaining({ outcome: 'failure', details: { reason: 'inactive' } }),
    );
  });
});
