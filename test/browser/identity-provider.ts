/**
 * The browser suite's OpenID provider (test/helpers/identity-provider.ts, the certified
 * oidc-provider) on loopback, registered for the app at PLAYWRIGHT_PORT; the app is started
 * with its issuer (playwright.config.ts). Its people: a demo link worker, signed in with a
 * second factor, and someone Passerelle has no account for.
 */
import { startIdentityProvider } from '../helpers/identity-provider';

const ssoClient = { clientId: 'passerelle', clientSecret: 'browser-suite-client-secret' };

const appUrl = `http://127.0.0.1:${process.env.PLAYWRIGHT_PORT ?? 4173}`;
const provider = await startIdentityProvider(
  ssoClient,
  [
    { email: 'linkworker.riverside@passerelle.example', emailVerified: true, amr: ['pwd', 'mfa'] },
    { email: 'newcomer@elsewhere.example', emailVerified: true, amr: ['pwd', 'mfa'] },
  ],
  { port: Number(process.env.PLAYWRIGHT_IDP_PORT ?? 34173) },
);
provider.register({
  redirectUri: `${appUrl}/api/auth/sso/callback`,
  postLogoutRedirectUri: `${appUrl}/sign-in`,
});
