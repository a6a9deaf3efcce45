import { createHash, randomBytes } from 'node:crypto';
import type { SessionView, SignInBody } from '../../../shared/contracts/auth';
import type { Config } from '../../config';
import { type Database, readTogether } from '../../db/client';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { AppError, type ErrorCode } from '../../platform/errors';
import { verifyAgainstDecoy, verifyPassword } from '../../platform/passwords';
import { checkTwoFactorCode } from '../../platform/two-factor';
import { type AuditEntry, canReadAudit, recordAudit } from '../audit';
import { canManageEmails } from '../emails';
import { canManageOrganisations } from '../organisations';
import { canMakeReferrals } from '../referrals';
import { canWorkOnCases } from '../cases';
import { canAnswerConnections } from '../connections';
import { canEditListings, canManageDirectory, canModerateListings } from '../directory';
import { canReadReports } from '../reports';
import { canSearchDirectory } from '../search';
import { canManageAccounts } from './accounts-policy';
import { presentCurrentAccount } from './accounts-presenter';
import {
  type AccountRow,
  claimTwoFactorStep,
  findAccountByEmail,
  findAccountById,
  selectGrants,
  updateAccount,
} from './accounts-queries';
import { normaliseEmail } from './accounts-rules';
import { countTowardsLockout, isLocked } from './lockout';
import { isSsoRequired } from './sso-queries';
import type { SessionCache } from './session-cache';
import {
  type LiveSession,
  deleteSession,
  findLiveSession,
  insertSession,
  touchSession,
} from './session-queries';

type SessionSettings = Pick<Config, 'session' | 'signIn' | 'sso'>;
export type SignInMethod = 'password' | 'sso';
type SignInOutcome =
  { ok: true; token: string; accountId: string } | { ok: false; error: ErrorCode };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Checks the password (and the two-factor code when on), counts failures towards a
 * lockout, and opens a session. Password hashing runs outside any transaction; each
 * outcome's writes are one transaction, committed before an error is thrown.
 */
export async function signIn(
  db: Database,
  settings: SessionSettings,
  input: SignInBody,
  origin: RequestOrigin,
): Promise<{ token: string; view: SessionView }> {
  const outcome = await attemptSignIn(db, settings, input, origin);
  // The lock's length is a setting, the same for every email: saying it tells nothing.
  if (!outcome.ok)
    throw new AppError(outcome.error, {
      params: { minutes: settings.signIn.lockMinutes, provider: settings.sso?.buttonLabel ?? '' },
    });
  const actor = await resolveSession(db, settings, outcome.token, origin);
  if (!actor) throw new Error('a session just opened could not be read back');
  return { token: outcome.token, view: await describeSession(db, actor) };
}

async function attemptSignIn(
  db: Database,
  settings: SessionSettings,
  input: SignInBody,
  origin: RequestOrigin,
): Promise<SignInOutcome> {
  const account = await findAccountByEmail(db, normaliseEmail(input.email));
  // A connected system's account has no password to check: answered as an unknown email.
  if (!account || !account.active || account.kind === 'system') {
    await verifyAgainstDecoy(input.password);
    const reason = refusedAccountReason(account);
    await recordAudit(db, { accountId: account?.id ?? null, origin }, failure(reason, account?.id));
    return { ok: false, error: 'invalid_credentials' };
  }
  if (isLocked(account)) {
    // Answered as an unknown email is, after the same password check: a distinct answer
    // would tell which emails have an account, and the right password would be an oracle.
    await verifyAgainstDecoy(input.password);
    await recordAudit(db, { accountId: account.id, origin }, failure('locked', account.id));
    return { ok: false, error: 'invalid_credentials' };
  }
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    return countFailure(db, settings, account, 'wrong_password', 'invalid_credentials', origin);
  }
  // Told only to whoever knows the password: which accounts must use single sign-on is no
  // one else's business. Without a provider configured, the site's rule cannot lock anyone out.
  if (settings.sso && (await isSsoRequired(db, account.id))) {
    await recordAudit(db, { accountId: account.id, origin }, failure('sso_required', account.id));
    return { ok: false, error: 'sso_required' };
  }
  const step = await checkSecondFactor(account, input.code);
  if (step === 'missing') return { ok: false, error: 'two_factor_code_required' };
  if (step === 'wrong') {
    return countFailure(db, settings, account, 'wrong_code', 'two_factor_code_invalid', origin);
  }
  return openSession(db, settings, account, step, origin);
}

function refusedAccountReason(account: AccountRow | undefined): string {
  if (!account) return 'unknown_account';
  return account.kind === 'system' ? 'system_account' : 'inactive';
}

async function checkSecondFactor(
  account: AccountRow,
  code: string | undefined,
): Promise<number | null | 'missing' | 'wrong'> {
  if (!account.totpSecret) return null;
  if (!code) return 'missing';
  const result = await checkTwoFactorCode(account.totpSecret, code, account.totpLastStep);
  return result.valid ? result.step : 'wrong';
}

async function countFailure(
  db: Database,
  settings: SessionSettings,
  account: AccountRow,
  reason: string,
  error: ErrorCode,
  origin: RequestOrigin,
): Promise<SignInOutcome> {
  // The failure that locks the account is answered like the others: the lock is silent.
  await countTowardsLockout(
    db,
    settings,
    account.id,
    { accountId: account.id, origin },
    failure(reason, account.id),
  );
  return { ok: false, error };
}

async function openSession(
  db: Database,
  settings: SessionSettings,
  account: AccountRow,
  totpStep: number | null,
  origin: RequestOrigin,
): Promise<SignInOutcome> {
  const token = randomBytes(32).toString('base64url');
  const opened = await db.transaction(async (tx) => {
    if (totpStep !== null && !(await claimTwoFactorStep(tx, account.id, totpStep))) return false;
    await writeSessionOpening(tx, settings, account, origin, token, {
      method: 'password',
      twoFactorPassed: totpStep !== null,
      details: { twoFactor: totpStep !== null },
    });
    return true;
  });
  if (!opened)
    return countFailure(db, settings, account, 'wrong_code', 'two_factor_code_invalid', origin);
  return { ok: true, token, accountId: account.id };
}

/** How a session was opened: by password (and the app's code) or through the provider. */
export type SessionOpening = {
  method: SignInMethod;
  twoFactorPassed: boolean;
  details: Record<string, unknown>;
};

export async function writeSessionOpening(
  db: Database,
  settings: SessionSettings,
  account: AccountRow,
  origin: RequestOrigin,
  token: string,
  opening: SessionOpening,
): Promise<void> {
  await updateAccount(db, account.id, { failedSignIns: 0, lockedUntil: null });
  await insertSession(db, {
    tokenHash: hashToken(token),
    accountId: account.id,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + settings.session.maxHours * 3_600_000),
    twoFactorPassed: opening.twoFactorPassed,
    signInMethod: opening.method,
    ip: origin.ip,
    userAgent: origin.userAgent,
  });
  await recordAudit(
    db,
    { accountId: account.id, origin },
    {
      action: 'sign_in',
      subjectType: 'account',
      subjectId: account.id,
      details: opening.details,
    },
  );
}

function failure(
  reason: string,
  accountId: string | undefined,
): AuditEntry & { details: Record<string, unknown> } {
  return {
    action: 'sign_in',
    outcome: 'failure',
    ...(accountId ? { subjectType: 'account' as const, subjectId: accountId } : {}),
    details: { reason },
  };
}

/**
 * Turns a session cookie into the acting person, or null when it is unknown, expired or idle.
 * With a cache (session-cache.ts), a session it holds is not read again.
 */
export async function resolveSession(
  db: Database,
  settings: SessionSettings,
  token: string,
  origin: RequestOrigin,
  cache?: SessionCache,
): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const now = new Date();
  const idleSince = new Date(now.getTime() - settings.session.idleMinutes * 60_000);
  const found =
    cache?.find(tokenHash, idleSince, now) ?? (await readSession(db, tokenHash, idleSince, cache));
  if (!found) return null;
  const { session, account, grants, twoFactorRequired } = found;
  // Touch at most once a minute: keeps idle expiry honest without a write per request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await touchSession(db, tokenHash);
    cache?.touched(tokenHash, now);
  }
  return {
    accountId: account.id,
    email: account.email,
    displayName: account.displayName,
    locale: account.locale,
    grants: grants.map((g) => ({ role: g.role, siteId: g.siteId })),
    twoFactorEnabled: account.totpSecret !== null,
    // Not "is two-factor on" but "did this session pass it": a session signed in with the
    // password alone stays blocked whatever the account turns on later.
    // A provider's sign-in brings its own second factor (OIDC_REQUIRED_AMR/ACR): the app's is skipped.
    twoFactorSetupRequired:
      twoFactorRequired &&
      session.signInMethod !== 'sso' &&
      !(account.totpSecret !== null && session.twoFactorPassed),
    sessionKey: tokenHash,
    csrfToken: session.csrfToken,
    origin,
  };
}

async function readSession(
  db: Database,
  tokenHash: string,
  idleSince: Date,
  cache: SessionCache | undefined,
): Promise<LiveSession | undefined> {
  const stamp = cache?.stamp();
  const found = await findLiveSession(db, tokenHash, idleSince);
  if (found && cache && stamp !== undefined) cache.keep(tokenHash, found, stamp);
  return found;
}

export async function describeSession(db: Database, actor: Actor): Promise<SessionView> {
  const [account, grants] = await readTogether(db, [
    () => findAccountById(db, actor.accountId),
    () => selectGrants(db, [actor.accountId]),
  ]);
  if (!account) throw new AppError('unauthenticated');
  return {
    account: presentCurrentAccount(account, grants),
    csrfToken: actor.csrfToken,
    twoFactorSetupRequired: actor.twoFactorSetupRequired,
    permissions: {
      manageAccounts: canManageAccounts(actor),
      manageOrganisations: canManageOrganisations(actor),
      manageSites: canManageOrganisations(actor),
      readAudit: canReadAudit(actor),
      manageEmails: canManageEmails(actor),
      searchDirectory: canSearchDirectory(actor),
      editListings: canEditListings(actor),
      moderateListings: canModerateListings(actor),
      manageDirectory: canManageDirectory(actor),
      workOnCases: canWorkOnCases(actor),
      makeReferrals: canMakeReferrals(actor),
      answerConnections: canAnswerConnections(actor),
      readReports: canReadReports(actor),
    },
  };
}

/** Ends the session; says how it was opened (one through the provider is ended there too). */
export async function signOut(db: Database, actor: Actor): Promise<SignInMethod | undefined> {
  return db.transaction(async (tx) => {
    const method = await deleteSession(tx, actor.sessionKey);
    await recordAudit(tx, actor, {
      action: 'sign_out',
      subjectType: 'account',
      subjectId: actor.accountId,
    });
    return method;
  });
}
