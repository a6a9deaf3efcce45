import { and, eq } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions, ssoSignIns } from '../../src/server/db/schema';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeSite, type TestAccount } from '../helpers/factories';
import {
  type IdentityProvider,
  type ProviderAccount,
  startIdentityProvider,
} from '../helpers/identity-provider';

const client = { clientId: 'passerelle', clientSecret: 'a client secret for the tests only' };
const callbackPath = '/api/auth/sso/callback';

/**
 * A browser as far as HTTP goes: one cookie jar for every host (cookies ignore ports, as the
 * app and the provider on 127.0.0.1 show), redirects followed one by one, forms posted.
 */
class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly language = 'en') {}

  async fetch(
    url: string,
    init: { method?: string; form?: URLSearchParams; headers?: Record<string, string> } = {},
  ) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        'accept-language': this.language,
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
      ...(init.form ? { body: init.form.toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until a page; answers the page and where it was. */
  async follow(url: string, stopAt?: (url: URL) => boolean): Promise<{ url: URL; body: string }> {
    let current = new URL(url);
    for (let hops = 0; hops < 20; hops++) {
      if (stopAt?.(current)) return { url: current, body: '' };
      const response = await this.fetch(current.toString());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current);
        continue;
      }
      return { url: current, body: await response.text() };
    }
    throw new Error('too many redirects');
  }

  /** Posts the page's form (the provider's login) as a person typing into it would. */
  async submitLogin(page: { url: URL; body: string }, email: string): Promise<URL> {
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1];
    if (!action) throw new Error(`no login form at ${page.url.pathname}`);
    const target = new URL(action, page.url);
    const response = await this.fetch(target.toString(), {
      method: 'POST',
      form: new URLSearchParams({ email, password: 'whatever the provider checks' }),
    });
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider answered ${response.status} to the login`);
    return new URL(location, target);
  }

  sessionCookie(): string | undefined {
    const value = this.cookies.get('passerelle-session');
    return value ? `passerelle-session=${value}` : undefined;
  }
}

type Running = { t: TestApp; url: string };

let provider: IdentityProvider;
let plain: Running;
let strict: Running;
let site: { id: string };
let linkWorker: TestAccount;

async function listening(env: Record<string, string>): Promise<Running> {
  const t = await startTestApp({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    OIDC_BUTTON_LABEL: 'Test Health ID',
    ...env,
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  provider.register({
    redirectUri: `${url}${callbackPath}`,
    postLogoutRedirectUri: `${url}/sign-in`,
  });
  return { t, url };
}

beforeAll(async () => {
  provider = await startIdentityProvider(client);
  plain = await listening({});
  strict = await listening({ OIDC_REQUIRED_AMR: 'mfa,hwk' });
  site = await makeSite(plain.t.database.db);
  linkWorker = await makeAccount(plain.t.database.db, [{ role: 'link_worker', siteId: site.id }]);
});

afterAll(async () => {
  await plain.t.close();
  await strict.t.close();
  await provider.close();
});

function known(email: string, account: Partial<ProviderAccount> = {}): string {
  provider.addAccount({ email, emailVerified: true, amr: ['pwd'], ...account });
  return email;
}

/** Leaves the app for the provider, signs in there as `email`, and comes back. */
async function signInThroughProvider(
  app: Running,
  browser: Browser,
  email: string,
  returnTo?: string,
): Promise<URL> {
  const start = `${app.url}/api/auth/sso/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;
  const login = await browser.follow(start);
  expect(login.url.origin).toBe(provider.issuer);
  expect(login.body).toContain('Test identity provider');
  const afterLogin = await browser.submitLogin(login, email);
  return (
    await browser.follow(
      afterLogin.toString(),
      (url) => url.origin === app.url && !url.pathname.startsWith('/api/'),
    )
  ).url;
}

async function sessionOf(app: Running, browser: Browser) {
  const cookie = browser.sessionCookie();
  return app.t.app.inject({
    method: 'GET',
    url: '/api/auth/session',
    headers: cookie ? { cookie } : {},
  });
}

async function ssoAudit(app: Running) {
  const rows = await app.t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'sign_in'));
  return rows.filter((row) => row.details.method === 'sso');
}

describe('single sign-on (OpenID Connect, code flow with PKCE)', () => {
  it('signs an existing account in through the provider, into the same session a password opens', async () => {
    known(linkWorker.email);
    const browser = new Browser();
    const landed = await signInThroughProvider(
      plain,
      browser,
      linkWorker.email,
      '/cases?view=mine',
    );
    expect(landed.pathname + landed.search).toBe('/cases?view=mine');

    const session = await sessionOf(plain, browser);
    expect(session.statusCode).toBe(200);
    const view = session.json<{ account: { email: string }; csrfToken: string }>();
    expect(view.account.email).toBe(linkWorker.email);
    // The session works for the app's reads like any other.
    const caseload = await plain.t.app.inject({
      method: 'GET',
      url: '/api/cases/caseload',
      headers: { cookie: browser.sessionCookie() ?? '' },
    });
    expect(caseload.statusCode).toBe(200);

    const [row] = await plain.t.database.db
      .select({ method: sessions.signInMethod })
      .from(sessions)
      .where(eq(sessions.accountId, linkWorker.id));
    expect(row?.method).toBe('sso');
    const events = (await ssoAudit(plain)).filter((e) => e.subjectId === linkWorker.id);
    expect(events).toContainEqual(
      expect.objectContaining({
        outcome: 'success',
        details: { method: 'sso', twoFactor: false, amr: ['pwd'] },
      }),
    );
    // Nothing of the flow is left to replay.
    expect(await plain.t.database.db.select().from(ssoSignIns)).toEqual([]);
    expect(browser.cookies.has('passerelle-sso')).toBe(false);
  });

  it('signs out of the app, and sends the browser to the provider to end its session too', async () => {
    const browser = new Browser();
    await signInThroughProvider(plain, browser, known(linkWorker.email));
    const { csrfToken } = (await sessionOf(plain, browser)).json<{ csrfToken: string }>();
    const signOut = await browser.fetch(`${plain.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(signOut.status).toBe(200);
    const { providerSignOutUrl } = (await signOut.json()) as { providerSignOutUrl: string };
    const logout = new URL(providerSignOutUrl);
    expect(logout.origin).toBe(provider.issuer);
    expect(logout.searchParams.get('client_id')).toBe(client.clientId);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${plain.url}/sign-in`);
    // The provider accepts it: its page asks to confirm the logout.
    const page = await browser.fetch(logout.toString());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('logout');
    expect((await sessionOf(plain, browser)).statusCode).toBe(401);
  });

  it('still answers 204 to a password session signing out', async () => {
    const api = new Client(plain.t.app);
    await api.signIn(linkWorker.email, linkWorker.password);
    expect((await api.post('/api/auth/sign-out')).statusCode).toBe(204);
  });

  it('refuses an email no account uses, says so, and audits a denied sign-in', async () => {
    const stranger = known('stranger@elsewhere.example');
    const browser = new Browser();
    const landed = await signInThroughProvider(plain, browser, stranger);
    expect(landed.pathname).toBe('/sign-in');
    expect(landed.searchParams.get('sso_error')).toBe('account_unknown');
    expect((await sessionOf(plain, browser)).statusCode).toBe(401);
    const denied = (await ssoAudit(plain)).filter((e) => e.details.reason === 'unknown_account');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ outcome: 'denied', actorId: null });
    // The audit keeps how, not who: no email of someone without an account.
    expect(JSON.stringify(denied[0]?.details)).not.toContain('stranger');
  });

  it('refuses an email the provider has not verified, even of an existing account', async () => {
    const account = await makeAccount(plain.t.database.db, [{ role: 'referrer', siteId: site.id }]);
    known(account.email, { emailVerified: false });
    const browser = new Browser();
    const landed = await signInThroughProvider(plain, browser, account.email);
    expect(landed.searchParams.get('sso_error')).toBe('email_unverified');
    expect((await sessionOf(plain, browser)).statusCode).toBe(401);
  });

  it('refuses a deactivated account as an unknown one', async () => {
    const account = await makeAccount(plain.t.database.db, [], { active: false });
    const landed = await signInThroughProvider(plain, new Browser(), known(account.email));
    expect(landed.searchParams.get('sso_error')).toBe('account_unknown');
  });

  it('refuses the password of staff whose site requires single sign-on, pointing to the button', async () => {
    const ssoSite = await makeSite(plain.t.database.db);
    const administrator = await makeAccount(plain.t.database.db, [{ role: 'administrator' }]);
    const admin = new Client(plain.t.app);
    await admin.signIn(administrator.email, administrator.password);
    const set = await admin.patch(`/api/sites/${ssoSite.id}`, { ssoRequired: true, version: 1 });
    expect(set.statusCode).toBe(200);
    expect(set.json<{ ssoRequired: boolean }>().ssoRequired).toBe(true);
    const staff = await makeAccount(plain.t.database.db, [
      { role: 'link_worker', siteId: ssoSite.id },
    ]);

    for (const [language, words] of [
      ['en', 'Sign in with Test Health ID'],
      ['fr', 'Se connecter avec Test Health ID'],
    ] as const) {
      const api = new Client(plain.t.app, language);
      const refused = await api.signIn(staff.email, staff.password);
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).code).toBe('sso_required');
      expect(errorOf(refused).message).toContain(words);
    }
    // A wrong password learns nothing of the rule.
    const guess = await new Client(plain.t.app).signIn(staff.email, 'not the password at all');
    expect(errorOf(guess).code).toBe('invalid_credentials');
    const refusals = await plain.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, staff.id), eq(auditEvents.outcome, 'failure')));
    expect(refusals.map((e) => e.details.reason)).toContain('sso_required');

    // Through the provider they get in.
    const browser = new Browser();
    await signInThroughProvider(plain, browser, known(staff.email));
    expect((await sessionOf(plain, browser)).statusCode).toBe(200);
    // Staff of other sites keep their password.
    expect(
      (await new Client(plain.t.app).signIn(linkWorker.email, linkWorker.password)).statusCode,
    ).toBe(200);
  });

  it('takes the second factor from the provider when the settings ask for it in amr, and refuses without', async () => {
    const mfaSite = await makeSite(strict.t.database.db, { twoFactorRequired: true });
    const staff = await makeAccount(strict.t.database.db, [
      { role: 'link_worker', siteId: mfaSite.id },
    ]);

    known(staff.email, { amr: ['pwd'] });
    const refused = await signInThroughProvider(strict, new Browser(), staff.email);
    expect(refused.searchParams.get('sso_error')).toBe('second_factor_missing');
    const denied = (await ssoAudit(strict)).filter((e) => e.subjectId === staff.id);
    expect(denied).toMatchObject([
      { outcome: 'denied', details: { method: 'sso', reason: 'second_factor_missing' } },
    ]);

    known(staff.email, { amr: ['pwd', 'mfa'] });
    const browser = new Browser();
    await signInThroughProvider(strict, browser, staff.email);
    const session = await sessionOf(strict, browser);
    expect(session.statusCode).toBe(200);
    // The site requires two-factor: the provider's counts, the app's own is not asked for.
    expect(session.json<{ twoFactorSetupRequired: boolean }>().twoFactorSetupRequired).toBe(false);
    const caseload = await strict.t.app.inject({
      method: 'GET',
      url: '/api/cases/caseload',
      headers: { cookie: browser.sessionCookie() ?? '' },
    });
    expect(caseload.statusCode).toBe(200);
  });
});

describe('single sign-on refuses a callback that is not the one it started', () => {
  /** Leaves for the provider and signs in there, stopping before the app's callback. */
  async function callbackFor(
    email: string,
    browser = new Browser(),
  ): Promise<{ callback: URL; browser: Browser }> {
    const login = await browser.follow(`${plain.url}/api/auth/sso/start`);
    const afterLogin = await browser.submitLogin(login, email);
    const { url } = await browser.follow(afterLogin.toString(), (u) => u.pathname === callbackPath);
    return { callback: url, browser };
  }

  async function arrive(browser: Browser, callback: URL): Promise<URL> {
    return (
      await browser.follow(
        callback.toString(),
        (u) => u.pathname === '/sign-in' || u.pathname === '/',
      )
    ).url;
  }

  async function deniedReasons(): Promise<unknown[]> {
    return (await ssoAudit(plain))
      .filter((e) => e.outcome === 'denied')
      .map((e) => e.details.reason);
  }

  it('refuses a state that is not this browser’s (login CSRF), and the attempt then stays unusable', async () => {
    known(linkWorker.email);
    const { callback } = await callbackFor(linkWorker.email);
    // Another browser (an attacker's victim) is handed the callback address.
    const victim = new Browser();
    await victim.follow(`${plain.url}/api/auth/sso/start`, (u) => u.origin === provider.issuer);
    const landed = await arrive(victim, callback);
    expect(landed.searchParams.get('sso_error')).toBe('failed');
    expect(victim.sessionCookie()).toBeUndefined();
    expect(await deniedReasons()).toContain('state_mismatch');
  });

  it('refuses a changed state even in the browser that left', async () => {
    const { callback, browser } = await callbackFor(known(linkWorker.email));
    callback.searchParams.set('state', 'another-state');
    const landed = await arrive(browser, callback);
    expect(landed.searchParams.get('sso_error')).toBe('failed');
    expect(browser.sessionCookie()).toBeUndefined();
  });

  it('refuses a tampered code', async () => {
    const { callback, browser } = await callbackFor(known(linkWorker.email));
    callback.searchParams.set('code', `${callback.searchParams.get('code') ?? ''}x`);
    const landed = await arrive(browser, callback);
    expect(landed.searchParams.get('sso_error')).toBe('failed');
    expect(browser.sessionCookie()).toBeUndefined();
    expect(await deniedReasons()).toContain('response_rejected');
  });

  it('refuses an attempt past its ten minutes', async () => {
    const { callback, browser } = await callbackFor(known(linkWorker.email));
    await plain.t.database.db.update(ssoSignIns).set({ expiresAt: new Date(Date.now() - 1000) });
    const landed = await arrive(browser, callback);
    expect(landed.searchParams.get('sso_error')).toBe('failed');
    expect(browser.sessionCookie()).toBeUndefined();
    expect(await deniedReasons()).toContain('attempt_unknown');
  });

  it('refuses the same callback twice', async () => {
    const { callback, browser } = await callbackFor(known(linkWorker.email));
    const state = browser.cookies.get('passerelle-sso') ?? '';
    expect((await arrive(browser, callback)).pathname).toBe('/');
    // Replayed, even with the state cookie put back.
    const replay = new Browser();
    replay.cookies.set('passerelle-sso', state);
    const landed = await arrive(replay, callback);
    expect(landed.searchParams.get('sso_error')).toBe('failed');
    expect(replay.sessionCookie()).toBeUndefined();
  });

  it('refuses a provider’s error answer', async () => {
    const browser = new Browser();
    const atProvider = await browser.follow(
      `${plain.url}/api/auth/sso/start`,
      (u) => u.origin === provider.issuer,
    );
    const state = new URL(atProvider.url).searchParams.get('state') ?? '';
    const landed = await arrive(
      browser,
      new URL(`${plain.url}${callbackPath}?error=access_denied&state=${state}`),
    );
    expect(landed.searchParams.get('sso_error')).toBe('failed');
  });

  it('does not start a return to another site', async () => {
    const response = await plain.t.app.inject({
      method: 'GET',
      url: '/api/auth/sso/start?returnTo=//evil.example/',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).field).toBe('returnTo');
  });
});
