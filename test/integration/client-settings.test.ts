import { afterAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../helpers/app';

const opened: TestApp[] = [];
afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()));
});

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp(env);
  opened.push(t);
  return t;
}

describe('client settings', () => {
  it('answers without sign-in, with OpenStreetMap tiles when none are configured', async () => {
    const t = await start();
    const response = await new Client(t.app).get('/api/client-settings');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      mapAttribution:
        '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>',
      sso: null,
      textMessages: false,
    });
    expect(response.headers['content-security-policy']).toContain(
      "img-src 'self' data: https://tile.openstreetmap.org;",
    );
  });

  it('draws no tiles, and loads none, with MAP_TILE_URL=off', async () => {
    const t = await start({ MAP_TILE_URL: 'off' });
    const response = await new Client(t.app).get('/api/client-settings');
    expect(response.json()).toEqual({
      mapTileUrl: null,
      mapAttribution: null,
      sso: null,
      textMessages: false,
    });
    expect(response.headers['content-security-policy']).toContain("img-src 'self' data:;");
  });

  it('gives the configured tile address and attribution, and lets the pages load those tiles', async () => {
    const t = await start({
      MAP_TILE_URL: 'https://{s}.tiles.example/{z}/{x}/{y}.png',
      MAP_ATTRIBUTION: '© Tiles contributors',
    });
    const response = await new Client(t.app).get('/api/client-settings');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      mapTileUrl: 'https://{s}.tiles.example/{z}/{x}/{y}.png',
      mapAttribution: '© Tiles contributors',
      sso: null,
      textMessages: false,
    });
    expect(response.headers['content-security-policy']).toContain(
      "img-src 'self' data: https://*.tiles.example",
    );
  });

  it('names the single sign-on button when a provider is set', async () => {
    const t = await start({
      OIDC_ISSUER: 'https://login.example/realms/health',
      OIDC_CLIENT_ID: 'passerelle',
      OIDC_BUTTON_LABEL: 'Keycloak',
    });
    const response = await new Client(t.app).get('/api/client-settings');
    expect(response.json()).toMatchObject({
      sso: { label: 'Keycloak', startPath: '/api/auth/sso/start' },
    });
  });

  it('says when text messages are set up, so the person’s sign-in page offers a code', async () => {
    const t = await start({
      SMS_PROVIDER: 'twilio',
      SMS_ACCOUNT_SID: 'AC0123456789',
      SMS_AUTH_TOKEN: 'token-of-the-account',
      SMS_FROM: '+15145550100',
    });
    const response = await new Client(t.app).get('/api/client-settings');
    expect(response.json()).toMatchObject({ textMessages: true });
  });
});
