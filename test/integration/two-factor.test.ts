import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, sites } from '../../src/server/db/schema';
import type { SessionView, TwoFactorSetup } from '../../src/shared/contracts/auth';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeSite, type TestAccount } from '../helpers/factories';

let t: TestApp;
let requiringSite: { id: string };
let relaxedSite: { id: string };

beforeAll(async () => {
  t = await startTestApp({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCK_MINUTES: '15' });
  requiringSite = await makeSite(t.database.db, { twoFactorRequired: true });
  relaxedSite = await makeSite(t.database.db);
});
afterAll(() => t.close());

const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

/** The code of the 30-second step `offset` steps from `epoch`; the server accepts one step either side of now. */
function codeFor(secret: string, epoch: number, offset = 0): Promise<string> {
  return generate({ secret, epoch: epoch + offset * 30 });
}

/** A code the server cannot accept now: none of the steps around `epoch` gives it. */
async function wrongCodeFor(secret: string, epoch: number): Promise<string> {
  const near = await Promise.all([-2, -1, 0, 1, 2].map((offset) => codeFor(secret, epoch, offset)));
  const candidates = ['000000', '111111', '222222', '333333', '444444', '555555'];
  return candidates.find((code) => !near.includes(code)) ?? '999999';
}

async function signedIn(account: TestAccount, language = 'en'): Promise<Client> {
  const client = new Client(t.app, language);
  expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
  return client;
}

/** Sets two-factor up through the API with the code of the step at `epoch`; returns the secret. */
async function turnOnTwoFactor(client: Client, epoch: number): Promise<string> {
  const { secret } = (await client.post('/api/me/two-factor/setup')).json<TwoFactorSetup>();
  const enabled = await client.post('/api/me/two-factor/enable', {
    code: await codeFor(secret, epoch),
  });
  expect(enabled.statusCode).toBe(204);
  return secret;
}

async function sessionOf(client: Client): Promise<SessionView> {
  return (await client.get('/api/auth/session')).json<SessionView>();
}

/** The actions audited about an account, each followed by ":failure" when refused. */
async function actionsAbout(accountId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: auditEvents.action, outcome: auditEvents.outcome, id: auditEvents.id })
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, accountId))
    .orderBy(auditEvents.id);
  return rows.map((row) =>
    row.outcome === 'success' ? row.action : `${row.action}:${row.outcome}`,
  );
}

describe('setting up two-factor sign-in', () => {
  it('gives a secret, an otpauth address and a QR code to scan', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = await signedIn(account);
    const response = await client.post('/api/me/two-factor/setup');
    expect(response.statusCode).toBe(200);
    const setup = response.json<TwoFactorSetup>();
    expect(setup.secret).toMatch(/^[A-Z2-7]{16,}$/);
    const url = new URL(setup.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(setup.secret);
    expect(url.searchParams.get('issuer')).toBe('Passerelle');
    expect(decodeURIComponent(url.pathname)).toContain(account.email);
    expect(setup.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Until a code confirms the setup, signing in still needs no code.
    expect((await new Client(t.app).signIn(account.email, account.password)).statusCode).toBe(200);
  });

  it('turns on only with a right code, and says so in the account', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = await signedIn(account);
    const epoch = nowInSeconds();
    const early = await client.post('/api/me/two-factor/enable', { code: '123456' });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('two_factor_not_started');

    const { secret } = (await client.post('/api/me/two-factor/setup')).json<TwoFactorSetup>();
    const wrong = await client.post('/api/me/two-factor/enable', {
      code: await wrongCodeFor(secret, epoch),
    });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong)).toMatchObject({
      code: 'two_factor_code_invalid',
      field: 'code',
      message: 'This code is incorrect or has expired.',
    });
    expect((await sessionOf(client)).account.twoFactorEnabled).toBe(false);

    const malformed = await client.post('/api/me/two-factor/enable', { code: '12 34' });
    expect(errorOf(malformed)).toMatchObject({
      code: 'validation_failed',
      field: 'code',
      issues: [{ field: 'code', message: 'Enter the 6 digits shown in your authenticator app.' }],
    });

    const right = await client.post('/api/me/two-factor/enable', {
      code: await codeFor(secret, epoch),
    });
    expect(right.statusCode).toBe(204);
    expect((await sessionOf(client)).account.twoFactorEnabled).toBe(true);
    const again = await client.post('/api/me/two-factor/setup');
    expect(errorOf(again).code).toBe('two_factor_already_enabled');
    expect(await actionsAbout(account.id)).toContain('two_factor.enabled');
  });
});

describe('signing in with two-factor on', () => {
  it('asks for the code, in the caller’s language, then accepts it', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(await signedIn(account), epoch);

    const withoutCode = await new Client(t.app, 'fr').signIn(account.email, account.password);
    expect(withoutCode.statusCode).toBe(401);
    expect(errorOf(withoutCode)).toMatchObject({
      code: 'two_factor_code_required',
      message: 'Saisissez le code à 6 chiffres de votre application d’authentification.',
    });
    expect(withoutCode.cookies).toHaveLength(0);

    const wrong = await new Client(t.app).signIn(
      account.email,
      account.password,
      await wrongCodeFor(secret, epoch),
    );
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('two_factor_code_invalid');

    const client = new Client(t.app);
    const right = await client.signIn(
      account.email,
      account.password,
      await codeFor(secret, epoch, 1),
    );
    expect(right.statusCode).toBe(200);
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('refuses a code already used, and any older one', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(await signedIn(account), epoch);
    const usedToEnable = await codeFor(secret, epoch);
    const next = await codeFor(secret, epoch, 1);

    const replayed = await new Client(t.app).signIn(account.email, account.password, usedToEnable);
    expect(errorOf(replayed).code).toBe('two_factor_code_invalid');
    expect((await new Client(t.app).signIn(account.email, account.password, next)).statusCode).toBe(
      200,
    );
    const replayedAgain = await new Client(t.app).signIn(account.email, account.password, next);
    expect(replayedAgain.statusCode).toBe(401);
    expect(errorOf(replayedAgain).code).toBe('two_factor_code_invalid');
    const older = await new Client(t.app).signIn(account.email, account.password, usedToEnable);
    expect(errorOf(older).code).toBe('two_factor_code_invalid');
  });

  it('lets only one of two simultaneous sign-ins use the same code', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(await signedIn(account), epoch);
    const code = await codeFor(secret, epoch, 1);
    const responses = await Promise.all([
      new Client(t.app).signIn(account.email, account.password, code),
      new Client(t.app).signIn(account.email, account.password, code),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('counts wrong codes towards the lockout', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(await signedIn(account), epoch);
    const wrong = await wrongCodeFor(secret, epoch);
    const client = new Client(t.app);
    expect(errorOf(await client.signIn(account.email, account.password, wrong)).code).toBe(
      'two_factor_code_invalid',
    );
    await client.signIn(account.email, account.password, wrong);
    // The lock is silent: a locked account answers as a wrong password does.
    const third = await client.signIn(account.email, account.password, wrong);
    expect(errorOf(third).code).toBe('two_factor_code_invalid');
    const right = await client.signIn(
      account.email,
      account.password,
      await codeFor(secret, epoch, 1),
    );
    expect(right.statusCode).toBe(401);
    expect(errorOf(right).code).toBe('invalid_credentials');
  });
});

describe('a site that requires two-factor', () => {
  it('lets a person with a role there sign in, but only to set it up', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: requiringSite.id },
    ]);
    const client = await signedIn(account);
    const session = await client.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ twoFactorSetupRequired: true });

    const blocked = await client.get('/api/sites');
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked)).toMatchObject({
      code: 'two_factor_setup_required',
      message: 'Your site requires two-factor sign-in. Set it up to continue.',
    });
    expect((await client.patch('/api/me', { displayName: 'Still Setting Up' })).statusCode).toBe(
      200,
    );

    const other = await signedIn(account);
    expect((await other.post('/api/auth/sign-out')).statusCode).toBe(204);

    await turnOnTwoFactor(client, nowInSeconds());
    expect((await sessionOf(client)).twoFactorSetupRequired).toBe(false);
    const sites = await client.get('/api/sites');
    expect(sites.statusCode).toBe(200);
    expect(sites.json()).toMatchObject({ items: [{ id: requiringSite.id }] });
  });

  it('requires it of every administrator, who act on every site', async () => {
    const administrator = await makeAccount(t.database.db, [{ role: 'administrator' }]);
    const client = await signedIn(administrator, 'fr');
    expect((await sessionOf(client)).twoFactorSetupRequired).toBe(true);
    for (const url of ['/api/accounts', '/api/audit-events', '/api/organisations']) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(403);
      expect(errorOf(response)).toMatchObject({
        code: 'two_factor_setup_required',
        message: 'Votre site exige la connexion à deux facteurs. Activez-la pour continuer.',
      });
    }
    const created = await client.post('/api/organisations', { name: 'Blocked', kind: 'programme' });
    expect(errorOf(created).code).toBe('two_factor_setup_required');

    await turnOnTwoFactor(client, nowInSeconds());
    expect((await client.get('/api/accounts')).statusCode).toBe(200);
  });

  it('does not ask it of people who work only at other sites', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'referrer', siteId: relaxedSite.id },
    ]);
    const client = await signedIn(account);
    expect((await sessionOf(client)).twoFactorSetupRequired).toBe(false);
    expect((await client.get('/api/sites')).statusCode).toBe(200);
  });

  it('refuses to turn it off while it is required', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'site_manager', siteId: requiringSite.id },
    ]);
    const client = await signedIn(account);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(client, epoch);
    const response = await client.post('/api/me/two-factor/disable', {
      password: account.password,
      code: await codeFor(secret, epoch, 1),
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('two_factor_required_by_site');
    expect((await sessionOf(client)).account.twoFactorEnabled).toBe(true);
    expect(await actionsAbout(account.id)).not.toContain('two_factor.disabled');
  });
});

describe('sessions of an account whose two-factor changes', () => {
  it('ends a password-only session when two-factor is turned on in another one', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: requiringSite.id },
    ]);
    const passwordOnly = await signedIn(account);
    expect(errorOf(await passwordOnly.get('/api/sites')).code).toBe('two_factor_setup_required');
    const owner = await signedIn(account);

    await turnOnTwoFactor(owner, nowInSeconds());
    const after = await passwordOnly.get('/api/sites');
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).code).toBe('unauthenticated');
    expect((await passwordOnly.get('/api/auth/session')).statusCode).toBe(401);
    expect((await owner.get('/api/sites')).statusCode).toBe(200);
  });

  it('never lets in a session that did not pass the second factor, even one that outlived turning it on', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: requiringSite.id },
    ]);
    const passwordOnly = await signedIn(account);
    // As if a sign-in with the password alone had raced with turning two-factor on elsewhere.
    await t.database.db
      .update(accounts)
      .set({ totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })
      .where(eq(accounts.id, account.id));
    expect((await passwordOnly.get('/api/sites')).statusCode).toBe(401);
    expect((await passwordOnly.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('ends every other session when two-factor is turned off', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'referrer', siteId: relaxedSite.id },
    ]);
    const owner = await signedIn(account);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(owner, epoch);
    const other = new Client(t.app);
    expect(
      (await other.signIn(account.email, account.password, await codeFor(secret, epoch, 1)))
        .statusCode,
    ).toBe(200);
    // The next step's code is spent: forget it, as if a minute had passed.
    await t.database.db
      .update(accounts)
      .set({ totpLastStep: null })
      .where(eq(accounts.id, account.id));

    const off = await owner.post('/api/me/two-factor/disable', {
      password: account.password,
      code: await codeFor(secret, epoch, 1),
    });
    expect(off.statusCode).toBe(204);
    expect((await other.get('/api/auth/session')).statusCode).toBe(401);
    expect((await owner.get('/api/sites')).statusCode).toBe(200);
  });

  it('asks a session that turned two-factor off to set it up again once its site requires it', async () => {
    const site = await makeSite(t.database.db);
    const account = await makeAccount(t.database.db, [{ role: 'referrer', siteId: site.id }]);
    const client = await signedIn(account);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(client, epoch);
    const off = await client.post('/api/me/two-factor/disable', {
      password: account.password,
      code: await codeFor(secret, epoch, 1),
    });
    expect(off.statusCode).toBe(204);
    await t.database.db.update(sites).set({ twoFactorRequired: true }).where(eq(sites.id, site.id));
    expect(errorOf(await client.get('/api/sites')).code).toBe('two_factor_setup_required');
  });
});

describe('turning two-factor off', () => {
  it('counts a wrong password towards the sign-in lockout', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = await signedIn(account);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(client, epoch);
    const code = await codeFor(secret, epoch, 1);
    const turnOff = (password: string) =>
      client.post('/api/me/two-factor/disable', { password, code });
    expect(errorOf(await turnOff('wrong-1')).code).toBe('current_password_wrong');
    expect(errorOf(await turnOff('wrong-2')).code).toBe('current_password_wrong');
    expect(errorOf(await turnOff('wrong-3')).code).toBe('account_locked');
    expect(errorOf(await turnOff(account.password)).code).toBe('account_locked');
    expect((await sessionOf(client)).account.twoFactorEnabled).toBe(true);
  });

  it('needs the password and a valid code, and is audited', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = await signedIn(account);
    const epoch = nowInSeconds();
    const secret = await turnOnTwoFactor(client, epoch);
    const code = await codeFor(secret, epoch, 1);

    const wrongPassword = await client.post('/api/me/two-factor/disable', {
      password: 'not the password',
      code,
    });
    expect(wrongPassword.statusCode).toBe(400);
    expect(errorOf(wrongPassword)).toMatchObject({
      code: 'current_password_wrong',
      field: 'password',
    });
    const wrongCode = await client.post('/api/me/two-factor/disable', {
      password: account.password,
      code: await wrongCodeFor(secret, epoch),
    });
    expect(wrongCode.statusCode).toBe(401);
    expect(errorOf(wrongCode)).toMatchObject({ code: 'two_factor_code_invalid', field: 'code' });
    expect((await sessionOf(client)).account.twoFactorEnabled).toBe(true);

    const off = await client.post('/api/me/two-factor/disable', {
      password: account.password,
      code,
    });
    expect(off.statusCode).toBe(204);
    expect((await sessionOf(client)).account.twoFactorEnabled).toBe(false);
    expect((await new Client(t.app).signIn(account.email, account.password)).statusCode).toBe(200);
    const again = await client.post('/api/me/two-factor/disable', {
      password: account.password,
      code,
    });
    expect(errorOf(again).code).toBe('two_factor_not_enabled');

    const actions = await actionsAbout(account.id);
    expect(actions.filter((a) => a.startsWith('two_factor.'))).toEqual([
      'two_factor.enabled',
      'two_factor.disabled:failure',
      'two_factor.disabled:failure',
      'two_factor.disabled',
    ]);
  });
});
