import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('starts with safe defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      publicUrl: undefined,
      database: { kind: 'embedded', dataDir: path.resolve('./data') },
      demoData: 'auto',
      logLevel: 'info',
      cookieSecure: false,
      trustProxy: false,
      session: { idleMinutes: 480, maxHours: 12 },
      signIn: { maxFailures: 5, lockMinutes: 15, ratePerMinute: 20 },
      map: {
        tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        attribution:
          '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>',
      },
      mail: {
        smtpUrl: undefined,
        from: 'Passerelle <no-reply@passerelle.example>',
        pollMs: 5000,
      },
      sms: undefined,
      links: {
        signingSecret: undefined,
        secretFile: path.resolve('./data', 'link-signing-secret'),
      },
      publicForms: { ratePerMinute: 5 },
      actionLinks: { ratePerMinute: 60 },
      directory: { staleAfterDays: 180 },
      fhirNotify: { everyMs: 1000, allowLoopback: false },
      reports: { refreshMs: 60_000 },
      metrics: { token: undefined },
      sso: undefined,
    });
  });

  it('reads numbers and flags from their text', () => {
    const config = loadConfig({
      PORT: '8080',
      TRUST_PROXY: '1',
      SESSION_IDLE_MINUTES: '30',
      SIGN_IN_RATE_PER_MINUTE: '3',
    });
    expect(config).toMatchObject({
      port: 8080,
      trustProxy: true,
      session: { idleMinutes: 30 },
      signIn: { ratePerMinute: 3 },
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/passerelle'],
    ['COOKIE_SECURE', 'yes'],
    ['SESSION_IDLE_MINUTES', '1'],
    ['NODE_ENV', 'staging'],
    ['MAP_TILE_URL', 'tiles.example/{z}/{x}/{y}.png'],
  ])('refuses a bad %s (%s), naming the variable', (variable, value) => {
    const load = (): unknown => loadConfig({ [variable]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('reads the map tile address and attribution when given', () => {
    const tileUrl = 'https://{s}.tiles.example/{z}/{x}/{y}.png';
    expect(loadConfig({ MAP_TILE_URL: tileUrl, MAP_ATTRIBUTION: '© Tiles' }).map).toEqual({
      tileUrl,
      attribution: '© Tiles',
    });
  });

  it('draws no tiles with MAP_TILE_URL=off', () => {
    expect(loadConfig({ MAP_TILE_URL: 'off' }).map).toEqual({
      tileUrl: undefined,
      attribution: undefined,
    });
  });

  it('gives no OpenStreetMap attribution to other tiles', () => {
    const tileUrl = 'https://tiles.example/{z}/{x}/{y}.png';
    expect(loadConfig({ MAP_TILE_URL: tileUrl }).map).toEqual({ tileUrl, attribution: undefined });
  });

  it('names every bad variable at once', () => {
    const load = (): unknown => loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
    expect(load).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  it('reads single sign-on settings, always asking for openid', () => {
    const sso = loadConfig({
      OIDC_ISSUER: 'https://login.example/realms/health',
      OIDC_CLIENT_ID: 'passerelle',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_SCOPES: 'email profile',
      OIDC_REQUIRED_AMR: 'mfa, otp',
    }).sso;
    expect(sso).toEqual({
      issuer: 'https://login.example/realms/health',
      clientId: 'passerelle',
      clientSecret: 'secret',
      emailClaim: 'email',
      emailVerifiedClaim: 'email_verified',
      buttonLabel: 'SSO',
      scopes: 'email profile openid',
      requiredAmr: ['mfa', 'otp'],
      requiredAcr: [],
    });
  });

  it('refuses a provider without its client id, naming the setting', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER/);
    expect(() =>
      loadConfig({
        OIDC_ISSUER: 'https://login.example',
        OIDC_CLIENT_ID: 'x',
        OIDC_EMAIL_CLAIM: 'a b',
      }),
    ).toThrow(/OIDC_EMAIL_CLAIM/);
  });

  it('reads text-message settings, Twilio’s API unless another address is given', () => {
    const sms = {
      SMS_PROVIDER: 'twilio',
      SMS_ACCOUNT_SID: 'AC0123456789abcdef',
      SMS_AUTH_TOKEN: 'token-of-the-account',
      SMS_FROM: '+15145550100',
    };
    expect(loadConfig(sms).sms).toEqual({
      provider: 'twilio',
      apiUrl: 'https://api.twilio.com',
      accountSid: 'AC0123456789abcdef',
      authToken: 'token-of-the-account',
      from: '+15145550100',
    });
    expect(loadConfig({ ...sms, SMS_API_URL: 'http://127.0.0.1:9000/' }).sms?.apiUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('refuses a half-set text-message provider, naming what is missing', () => {
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio', SMS_FROM: '+15145550100' })).toThrow(
      /SMS_ACCOUNT_SID[\s\S]*SMS_AUTH_TOKEN/,
    );
    expect(() => loadConfig({ SMS_AUTH_TOKEN: 'token-of-the-account' })).toThrow(/SMS_PROVIDER/);
    expect(() => loadConfig({ SMS_PROVIDER: 'carrier-pigeon' })).toThrow(/SMS_PROVIDER/);
    expect(() => loadConfig({ SMS_FROM: '514 555 0100 ext 2' })).toThrow(/SMS_FROM/);
  });

  it('takes a metrics token long enough not to be guessed', () => {
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(16) }).metrics.token).toBe('x'.repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('uses the PostgreSQL server when DATABASE_URL is set', () => {
    const url = 'postgresql://passerelle@db.example:5432/passerelle';
    expect(loadConfig({ DATABASE_URL: url, DATA_DIR: '/var/lib/passerelle' }).database).toEqual({
      kind: 'server',
      url,
    });
  });

  it('keeps the embedded database under DATA_DIR, or nowhere for DATA_DIR=:memory:', () => {
    expect(loadConfig({ DATA_DIR: ':memory:' }).database).toEqual({
      kind: 'embedded',
      dataDir: undefined,
    });
    expect(loadConfig({ DATA_DIR: '/srv/passerelle' }).database).toEqual({
      kind: 'embedded',
      dataDir: path.resolve('/srv/passerelle'),
    });
  });

  it('marks cookies Secure in production unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).cookieSecure).toBe(false);
  });
});
