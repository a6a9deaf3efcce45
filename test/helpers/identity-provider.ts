import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** Someone the provider knows: what it says about them, and how they sign in. */
export type ProviderAccount = {
  email: string;
  emailVerified: boolean;
  name?: string;
  /** Authentication methods the provider reports (the ID token's amr), e.g. ['pwd', 'mfa']. */
  amr?: string[];
  acr?: string;
};

export type ProviderClient = { clientId: string; clientSecret: string };

/** Where a relying party (an app) listens: its callback and its page after logout. */
export type RelyingParty = { redirectUri: string; postLogoutRedirectUri: string };

export type IdentityProvider = {
  issuer: string;
  port: number;
  /** Registers an app's addresses (the provider restarts its state: register before signing in). */
  register(party: RelyingParty): void;
  /** Makes someone known to the provider (their login is their email). */
  addAccount(account: ProviderAccount): void;
  close(): Promise<void>;
};

/**
 * A real OpenID provider (the certified `oidc-provider`) on a loopback port, for tests: code
 * flow with PKCE, discovery, JWKS, userinfo, RP-initiated logout. Its login page is a plain
 * form (email and password, any password) whose post signs in the account of that email with
 * its amr and acr; consent is given at once, as for a first-party application.
 */
export async function startIdentityProvider(
  client: ProviderClient,
  accounts: readonly ProviderAccount[] = [],
  options: { port?: number } = {},
): Promise<IdentityProvider> {
  let handler: http.RequestListener = (_request, response) => {
    response.writeHead(503).end('not ready');
  };
  const server = http.createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const byEmail = new Map(accounts.map((account) => [account.email.toLowerCase(), account]));

  const parties: RelyingParty[] = [];
  const register = (party: RelyingParty): void => {
    parties.push(party);
    const provider = new Provider(issuer, configuration(client, parties, byEmail));
    const callback = provider.callback();
    handler = (request, response) => {
      const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(request.url ?? '');
      if (!match) return void callback(request, response);
      void interact(provider, byEmail, request, response, match[2] !== undefined).catch(
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error instanceof Error ? error.message : 'interaction failed');
        },
      );
    };
  };

  return {
    issuer,
    port,
    register,
    addAccount: (account) => byEmail.set(account.email.toLowerCase(), account),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function configuration(
  client: ProviderClient,
  parties: readonly RelyingParty[],
  byEmail: Map<string, ProviderAccount>,
): Configuration {
  return {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: parties.map((party) => party.redirectUri),
        post_logout_redirect_uris: parties.map((party) => party.postLogoutRedirectUri),
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: (_context, sub) => {
      const account = byEmail.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          ...(account.name ? { name: account.name } : {}),
        }),
      };
    },
    // How the person signed in (amr, acr) comes with every ID token, as Entra ID's does.
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    acrValues: ['urn:passerelle:test:mfa', 'urn:passerelle:test:pwd'],
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['identity-provider-test-cookie-key-0123456789'] },
    pkce: { required: () => true },
  };
}

async function interact(
  provider: Provider,
  byEmail: Map<string, ProviderAccount>,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  posted: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (details.prompt.name === 'login') {
    if (!posted) return loginPage(response, details.uid, false);
    const form = new URLSearchParams(await bodyOf(request));
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const account = byEmail.get(email);
    if (!account) return loginPage(response, details.uid, true);
    await provider.interactionFinished(
      request,
      response,
      {
        login: {
          accountId: email,
          ...(account.amr ? { amr: account.amr } : {}),
          ...(account.acr ? { acr: account.acr } : {}),
        },
      },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  // Consent, given at once (a first-party application).
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (typeof accountId !== 'string' || typeof clientId !== 'string')
    throw new Error('consent without an account or a client');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId });
  if (!grant) throw new Error('grant not found');
  const missing = details.prompt.details;
  if (Array.isArray(missing.missingOIDCScope))
    grant.addOIDCScope((missing.missingOIDCScope as string[]).join(' '));
  if (Array.isArray(missing.missingOIDCClaims))
    grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

function loginPage(response: http.ServerResponse, uid: string, unknown: boolean): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main>
<h1>Test identity provider</h1>
${unknown ? '<p role="alert">No account here uses that email.</p>' : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Email <input name="email" type="email" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Continue</button>
</form>
</main></body></html>`);
}

async function bodyOf(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
