import { randomBytes } from 'node:crypto';
import type { SsoRefusal } from '../../../shared/contracts/auth';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { RequestOrigin } from '../../platform/actor';
import { recordAudit } from '../audit';
import { findAccountByEmail } from './accounts-queries';
import { hashToken, writeSessionOpening } from './session-service';
import { SsoClient } from './sso-client';
import { authenticationDetails, judgeClaims } from './sso-rules';
import { insertSsoSignIn, takeSsoSignIn } from './sso-queries';

/** Time at the provider before the attempt lapses: enough to type a password and a code. */
const attemptMinutes = 10;

/**
 * Opens an attempt: state, nonce and PKCE verifier kept under the state's hash, and the
 * provider's address to send the browser to. The state alone also goes to the browser (a
 * cookie), which ties the callback to the browser that left.
 */
export async function startSsoSignIn(
  db: Database,
  client: SsoClient,
  redirectUri: string,
  returnTo: string,
): Promise<{ state: string; url: URL }> {
  const checks = SsoClient.newChecks();
  const url = await client.authorizationUrl(checks, redirectUri);
  await insertSsoSignIn(db, {
    stateHash: hashToken(checks.state),
    codeVerifier: checks.codeVerifier,
    nonce: checks.nonce,
    returnTo,
    expiresAt: new Date(Date.now() + attemptMinutes * 60_000),
  });
  return { state: checks.state, url };
}

export type SsoCallback = {
  /** The state this browser left with (its cookie), if it still has it. */
  browserState: string | undefined;
  state: string | undefined;
  providerError: string | undefined;
  /** The callback's own address with the provider's whole answer (openid-client reads it). */
  url: URL;
  origin: RequestOrigin;
};

export type SsoOutcome =
  { ok: true; token: string; returnTo: string } | { ok: false; refusal: SsoRefusal };

/**
 * Finishes an attempt: the same browser, an attempt not yet used nor expired, the code
 * exchanged and the ID token checked, a verified email of an existing active account, the
 * provider's second factor when the settings ask for it; then the same session a password
 * opens. Every refusal is audited as a denied sign-in.
 */
export async function finishSsoSignIn(
  db: Database,
  settings: Pick<Config, 'session' | 'signIn' | 'sso'>,
  client: SsoClient,
  callback: SsoCallback,
): Promise<SsoOutcome> {
  const deny = denial(db, callback.origin);
  const { state, browserState } = callback;
  if (!state || !browserState || state !== browserState) return deny('state_mismatch', 'failed');
  const attempt = await takeSsoSignIn(db, hashToken(state));
  if (!attempt) return deny('attempt_unknown', 'failed');
  if (callback.providerError) return deny('provider_error', 'failed');
  let claims: Record<string, unknown>;
  try {
    claims = await client.claimsOf(callback.url, {
      state,
      nonce: attempt.nonce,
      codeVerifier: attempt.codeVerifier,
    });
  } catch {
    return deny('response_rejected', 'failed');
  }
  const verdict = judgeClaims(claims, client.settings);
  const account =
    verdict.email === undefined ? undefined : await findAccountByEmail(db, verdict.email);
  const usable = account && account.active && account.kind === 'person' ? account : undefined;
  if (!verdict.ok) return deny(verdict.reason, verdict.refusal, usable?.id);
  if (!usable) return deny('unknown_account', 'account_unknown');
  const token = randomBytes(32).toString('base64url');
  await db.transaction((tx) =>
    writeSessionOpening(tx, settings, usable, callback.origin, token, {
      method: 'sso',
      twoFactorPassed: verdict.secondFactor,
      details: { method: 'sso', twoFactor: verdict.secondFactor, ...authenticationDetails(claims) },
    }),
  );
  return { ok: true, token, returnTo: attempt.returnTo };
}

function denial(db: Database, origin: RequestOrigin) {
  return async (reason: string, refusal: SsoRefusal, accountId?: string): Promise<SsoOutcome> => {
    await recordAudit(
      db,
      { accountId: accountId ?? null, origin },
      {
        action: 'sign_in',
        outcome: 'denied',
        ...(accountId ? { subjectType: 'account' as const, subjectId: accountId } : {}),
        details: { method: 'sso', reason },
      },
    );
    return { ok: false, refusal };
  };
}
