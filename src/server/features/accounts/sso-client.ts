import * as oidc from 'openid-client';
import type { SsoSettings } from '../../config';

/** What the app keeps while the browser is at the provider; the state alone goes with it. */
export type SsoChecks = { state: string; nonce: string; codeVerifier: string };

/**
 * The app's side of the provider (openid-client): its metadata read once on first use (again
 * after a failure, so a provider down at start does not need a restart), the authorization
 * request with PKCE, state and nonce, and the code exchanged for checked ID token claims.
 */
export class SsoClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(readonly settings: SsoSettings) {}

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= this.runDiscovery().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async runDiscovery(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const issuerUrl = new URL(issuer);
    return oidc.discovery(
      issuerUrl,
      clientId,
      undefined,
      clientSecret ? oidc.ClientSecretPost(clientSecret) : oidc.None(),
      // Plain HTTP only to a provider on this machine (tests, a local Keycloak), never across a network.
      isLoopback(issuerUrl) ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  }

  static newChecks(): SsoChecks {
    return {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
  }

  async authorizationUrl(checks: SsoChecks, redirectUri: string): Promise<URL> {
    const configuration = await this.discover();
    const { scopes, requiredAcr } = this.settings;
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      ...(requiredAcr.length > 0 ? { acr_values: requiredAcr.join(' ') } : {}),
    });
  }

  /**
   * The code exchanged at the token endpoint, the ID token's signature, issuer, audience,
   * expiry, nonce and the state checked (openid-client throws otherwise), then its claims,
   * with the userinfo's when the email is not in the ID token (as some providers do).
   */
  async claimsOf(callbackUrl: URL, checks: SsoChecks): Promise<Record<string, unknown>> {
    const configuration = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider sent no ID token');
    if (claims[this.settings.emailClaim] !== undefined) return { ...claims };
    if (!configuration.serverMetadata().userinfo_endpoint) return { ...claims };
    const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    // The ID token's own claims (amr, acr) win: userinfo only adds what it lacks.
    return { ...userinfo, ...claims };
  }

  /** The provider's logout address (RP-initiated logout), or null when it advertises none. */
  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    const configuration = await this.discover();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc
      .buildEndSessionUrl(configuration, {
        client_id: this.settings.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
      .toString();
  }
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
