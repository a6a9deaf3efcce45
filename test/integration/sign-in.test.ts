import type * as Argon2 from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accounts, auditEvents, sessions } from '../../src/server/db/schema';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeSite, type TestAccount } from '../helpers/factories';

// Counts password checks, to tell that every sign-in attempt costs one, whatever its outcome.
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon2.verifications += 1;
      return real.verify(...args);
    },
  };
});

let t: TestApp;
let linkWorker: TestAccount;

beforeAll(async () => {
  t = await startTestApp({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCK_MINUTES: '15' });
  const site = await makeSite(t.database.db);
  linkWorker = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]);
});
afterAll(() => t.close());

async function auditOf(accountId: string) {
  return t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, accountId));
}

describe('signing in', () => {
  it('opens a session in an httpOnly, SameSite cookie and describes who is signed in', async () => {
    const client = new Client(t.app);
    const response = await client.signIn(linkWorker.email.toUpperCase(), linkWorker.password);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies[0];
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const session = await client.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      account: { email: linkWorker.email, grants: [{ role: 'link_worker' }] },
      permissions: { manageAccounts: false, readAudit: false },
    });
  });

  it('marks the cookie Secure outside development', async () => {
    const secure = await startTestApp({ COOKIE_SECURE: 'true' });
    try {
      const account = await makeAccount(secure.database.db, [{ role: 'evaluator' }]);
      const response = await new Client(secure.app).signIn(account.email, account.password);
      expect(response.cookies[0]).toMatchObject({
        secure: true,
        name: '__Host-passerelle-session',
      });
    } finally {
      await secure.close();
    }
  });

  it('gives the same answer for an unknown email and a wrong password, and audits both', async () => {
    const client = new Client(t.app);
    const unknown = await client.signIn('nobody@example.org', 'whatever-password');
    const wrong = await client.signIn(linkWorker.email, 'not the password');
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(unknown)).toEqual(errorOf(wrong));
    expect(errorOf(wrong).code).toBe('invalid_credentials');
    const events = await auditOf(linkWorker.id);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'sign_in',
        outcome: 'failure',
        details: { reason: 'wrong_password' },
      }),
    );
    const all = await t.database.db.select({ details: auditEvents.details }).from(auditEvents);
    expect(JSON.stringify(all)).not.toContain('not the password');
    expect(JSON.stringify(all)).not.toContain('nobody@example.org');
  });

  it('answers in the caller’s language', async () => {
    const response = await new Client(t.app, 'fr-CA,fr;q=0.9,en;q=0.5').signIn(
      'nobody@example.org',
      'x',
    );
    expect(errorOf(response).message).toBe(
      'L’adresse courriel ou le mot de passe est incorrect. Après plusieurs échecs, la connexion au compte est suspendue pendant 15 minutes.',
    );
  });

  it('locks the account after repeated failures, even for the right password, until the lock ends', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = new Client(t.app);
    await client.signIn(account.email, 'wrong-1');
    await client.signIn(account.email, 'wrong-2');
    const third = await client.signIn(account.email, 'wrong-3');
    expect(third.statusCode).toBe(401);
    expect(errorOf(third)).toMatchObject({
      code: 'invalid_credentials',
      message: expect.stringContaining('paused for 15 minutes'),
    });
    const rightPassword = await client.signIn(account.email, account.password);
    expect(rightPassword.statusCode).toBe(401);
    expect(errorOf(rightPassword).code).toBe('invalid_credentials');
    await t.database.db
      .update(accounts)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(accounts.id, account.id));
    expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
    const events = await auditOf(account.id);
    expect(events.filter((e) => e.outcome === 'failure')).toHaveLength(4);
  });

  it('answers a locked account exactly as an unknown email, however often either is tried', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const unknown = 'nobody.here@example.org';
    const answer = async (email: string, password: string) => {
      const response = await new Client(t.app).signIn(email, password);
      return { status: response.statusCode, body: response.json(), cookies: response.cookies };
    };
    for (const attempt of [1, 2, 3, 4, 5]) {
      expect(await answer(account.email, `wrong-${attempt}`)).toEqual(
        await answer(unknown, `wrong-${attempt}`),
      );
    }
    const [row] = await t.database.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(row?.lockedUntil).not.toBeNull();
    // Locked: even the right password gets the answer an unknown email gets.
    expect(await answer(account.email, account.password)).toEqual(
      await answer(unknown, account.password),
    );
  });

  it('spends one password check on every attempt: unknown, wrong, locked or deactivated', async () => {
    const locked = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    await t.database.db
      .update(accounts)
      .set({ lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(accounts.id, locked.id));
    const inactive = await makeAccount(t.database.db, [{ role: 'evaluator' }], { active: false });
    const attempts: [string, string][] = [
      ['nobody.else@example.org', 'a guess'],
      [linkWorker.email, 'a wrong guess'],
      [locked.email, 'a guess'],
      [locked.email, locked.password],
      [inactive.email, inactive.password],
    ];
    for (const [email, password] of attempts) {
      const before = argon2.verifications;
      const response = await new Client(t.app).signIn(email, password);
      expect(errorOf(response).code).toBe('invalid_credentials');
      expect(argon2.verifications - before).toBe(1);
    }
  });

  it('ends the session on sign-out', async () => {
    const client = new Client(t.app);
    await client.signIn(linkWorker.email, linkWorker.password);
    const cookie = client.cookie;
    expect((await client.post('/api/auth/sign-out')).statusCode).toBe(204);
    client.cookie = cookie;
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('ends a session left idle too long', async () => {
    const client = new Client(t.app);
    await client.signIn(linkWorker.email, linkWorker.password);
    await t.database.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 9 * 3_600_000) });
    const response = await client.get('/api/auth/session');
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('unauthenticated');
  });

  it('refuses a deactivated account', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }], { active: false });
    const response = await new Client(t.app).signIn(account.email, account.password);
    expect(errorOf(response).code).toBe('invalid_credentials');
  });
});

describe('cross-site request forgery', () => {
  it('refuses a write without the session’s CSRF token, and changes nothing', async () => {
    const client = new Client(t.app);
    await client.signIn(linkWorker.email, linkWorker.password);
    client.csrfToken = undefined;
    const response = await client.patch('/api/me', { displayName: 'Changed by a forged request' });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('csrf_failed');
    client.csrfToken = (await client.get('/api/auth/session')).json<{
      csrfToken: string;
    }>().csrfToken;
    expect((await client.get('/api/auth/session')).json()).not.toMatchObject({
      account: { displayName: 'Changed by a forged request' },
    });
  });

  it('refuses a write from another origin', async () => {
    const client = new Client(t.app);
    await client.signIn(linkWorker.email, linkWorker.password);
    const response = await client.request(
      'PATCH',
      '/api/me',
      { locale: 'fr' },
      { origin: 'https://evil.example' },
    );
    expect(response.statusCode).toBe(403);
  });

  it('refuses a write from the same host under another scheme or port, and changes nothing', async () => {
    const app = await startTestApp({ PUBLIC_URL: 'http://127.0.0.1:4601' });
    try {
      const account = await makeAccount(app.database.db, [{ role: 'evaluator' }]);
      const client = new Client(app.app);
      await client.signIn(account.email, account.password);
      for (const origin of ['https://127.0.0.1:4601', 'http://127.0.0.1:4602']) {
        const response = await client.request(
          'PATCH',
          '/api/me',
          { displayName: 'Changed from another origin' },
          { origin },
        );
        expect(response.statusCode, origin).toBe(403);
        expect(errorOf(response).code).toBe('csrf_failed');
      }
      expect((await client.get('/api/auth/session')).json()).not.toMatchObject({
        account: { displayName: 'Changed from another origin' },
      });
      const same = await client.request(
        'PATCH',
        '/api/me',
        { displayName: 'Changed from the app' },
        { origin: 'http://127.0.0.1:4601' },
      );
      expect(same.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('without a public address, takes the scheme and port of the request itself', async () => {
    const client = new Client(t.app);
    await client.signIn(linkWorker.email, linkWorker.password);
    // The in-process requests come over plain HTTP to localhost:80.
    const https = await client.request(
      'PATCH',
      '/api/me',
      { locale: 'fr' },
      { origin: 'https://localhost:80' },
    );
    expect(https.statusCode).toBe(403);
    const http = await client.request(
      'PATCH',
      '/api/me',
      { locale: 'en' },
      { origin: 'http://localhost' },
    );
    expect(http.statusCode).toBe(200);
  });

  it('without a public address but with an HTTPS-only cookie, expects https behind its proxy', async () => {
    const secure = await startTestApp({ COOKIE_SECURE: 'true' });
    try {
      const account = await makeAccount(secure.database.db, [{ role: 'evaluator' }]);
      const client = new Client(secure.app);
      await client.signIn(account.email, account.password);
      const plain = await client.request(
        'PATCH',
        '/api/me',
        { locale: 'fr' },
        { origin: 'http://localhost:80' },
      );
      expect(plain.statusCode).toBe(403);
      const https = await client.request(
        'PATCH',
        '/api/me',
        { locale: 'fr' },
        { origin: 'https://localhost:80' },
      );
      expect(https.statusCode).toBe(200);
    } finally {
      await secure.close();
    }
  });

  it('refuses a sign-in posted as a cross-site form', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(linkWorker.email)}&password=${encodeURIComponent(linkWorker.password)}`,
    });
    expect(response.statusCode).toBe(415);
    expect(response.cookies).toHaveLength(0);
  });
});

describe('my account', () => {
  it('changes the password: the old one stops working and other sessions end', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'referrer', siteId: (await makeSite(t.database.db)).id },
    ]);
    const first = new Client(t.app);
    const second = new Client(t.app);
    await first.signIn(account.email, account.password);
    await second.signIn(account.email, account.password);
    const wrong = await first.post('/api/me/password', {
      currentPassword: 'nope',
      newPassword: 'a brand new passphrase',
    });
    expect(errorOf(wrong)).toMatchObject({
      code: 'current_password_wrong',
      field: 'currentPassword',
    });
    const short = await first.post('/api/me/password', {
      currentPassword: account.password,
      newPassword: 'short',
    });
    expect(errorOf(short)).toMatchObject({ code: 'validation_failed', field: 'newPassword' });
    const changed = await first.post('/api/me/password', {
      currentPassword: account.password,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.statusCode).toBe(204);
    expect((await first.get('/api/auth/session')).statusCode).toBe(200);
    expect((await second.get('/api/auth/session')).statusCode).toBe(401);
    expect((await new Client(t.app).signIn(account.email, account.password)).statusCode).toBe(401);
    expect(
      (await new Client(t.app).signIn(account.email, 'a brand new passphrase')).statusCode,
    ).toBe(200);
  });

  it('counts a wrong current password towards the sign-in lockout, and refuses a locked account’s change', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = new Client(t.app);
    await client.signIn(account.email, account.password);
    const change = (currentPassword: string) =>
      client.post('/api/me/password', { currentPassword, newPassword: 'a brand new passphrase' });
    // One failure through sign-in and one through the form: one count.
    await new Client(t.app).signIn(account.email, 'wrong-1');
    expect(errorOf(await change('wrong-2')).code).toBe('current_password_wrong');
    const third = await change('wrong-3');
    expect(third.statusCode).toBe(423);
    expect(errorOf(third)).toMatchObject({
      code: 'account_locked',
      message: expect.stringContaining('15 minutes'),
    });
    const right = await change(account.password);
    expect(right.statusCode).toBe(423);
    expect(errorOf(right).code).toBe('account_locked');
    expect((await new Client(t.app).signIn(account.email, account.password)).statusCode).not.toBe(
      200,
    );
    const refused = (await auditOf(account.id)).filter(
      (e) => e.action === 'password.changed' && e.outcome === 'failure',
    );
    expect(refused.map((e) => e.details)).toEqual([
      { reason: 'current_password_wrong' },
      { reason: 'current_password_wrong', locked: true },
      { reason: 'locked' },
    ]);
  });

  it('limits password changes per address, in the same allowance as signing in', async () => {
    const limited = await startTestApp({ SIGN_IN_RATE_PER_MINUTE: '3' });
    try {
      const account = await makeAccount(limited.database.db, [{ role: 'evaluator' }]);
      const client = new Client(limited.app, 'fr');
      expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
      const guess = () =>
        client.post('/api/me/password', {
          currentPassword: 'a guess',
          newPassword: 'a brand new passphrase',
        });
      expect((await guess()).statusCode).toBe(400);
      expect((await guess()).statusCode).toBe(400);
      const refused = await guess();
      expect(refused.statusCode).toBe(429);
      expect(errorOf(refused)).toEqual({
        code: 'rate_limited',
        message: 'Trop de demandes. Patientez un instant et réessayez.',
      });
      expect(
        (await new Client(limited.app).signIn(account.email, account.password)).statusCode,
      ).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('saves the chosen language, which then wins over the browser’s', async () => {
    const client = new Client(t.app, 'en');
    await client.signIn(linkWorker.email, linkWorker.password);
    const response = await client.patch('/api/me', { locale: 'fr' });
    expect(response.json()).toMatchObject({ locale: 'fr' });
    const error = await client.get('/api/accounts');
    expect(errorOf(error).message).toBe('Vous n’avez pas l’autorisation de faire cela.');
    await client.patch('/api/me', { locale: null });
  });
});
