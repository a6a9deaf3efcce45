import type {
  ChangePasswordBody,
  CurrentAccount,
  DisableTwoFactorBody,
  EnableTwoFactorBody,
  TwoFactorSetup,
  UpdateMeBody,
} from '../../../shared/contracts/auth';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import {
  checkTwoFactorCode,
  createTwoFactorSecret,
  describeTwoFactorSecret,
} from '../../platform/two-factor';
import { type AuditEntry, recordAudit } from '../audit';
import { presentCurrentAccount } from './accounts-presenter';
import {
  type AccountRow,
  bumpAccountVersion,
  findAccountById,
  isTwoFactorRequired,
  selectGrants,
  updateAccount,
} from './accounts-queries';
import { minutesUntil } from './accounts-rules';
import { countTowardsLockout, isLocked } from './lockout';
import { deleteSessionsOfAccount, setSessionTwoFactorPassed } from './session-queries';

type LockoutSettings = Pick<Config, 'signIn'>;

async function loadOwnAccount(db: Database, actor: Actor): Promise<AccountRow> {
  const account = await findAccountById(db, actor.accountId);
  if (!account) throw new AppError('unauthenticated');
  return account;
}

function lockedError(lockedUntil: Date): AppError {
  return new AppError('account_locked', { params: { minutes: minutesUntil(lockedUntil) } });
}

/**
 * Checks the password, or the code, a signed-in form asks for. A wrong one counts towards
 * the same lockout as sign-in, and a locked account is refused before anything is checked:
 * else a session (stolen, or left open) could guess the password without limit.
 */
async function checkOwnSecret(
  db: Database,
  settings: LockoutSettings,
  actor: Actor,
  account: AccountRow,
  check: () => Promise<boolean>,
  refusal: { action: AuditEntry['action']; reason: string; error: AppError },
): Promise<void> {
  const audited = {
    action: refusal.action,
    outcome: 'failure' as const,
    subjectType: 'account' as const,
    subjectId: account.id,
  };
  if (isLocked(account)) {
    await recordAudit(db, actor, { ...audited, details: { reason: 'locked' } });
    throw lockedError(account.lockedUntil);
  }
  if (await check()) return;
  const lockedUntil = await countTowardsLockout(db, settings, account.id, actor, {
    ...audited,
    details: { reason: refusal.reason },
  });
  throw lockedUntil ? lockedError(lockedUntil) : refusal.error;
}

export async function updateMe(
  db: Database,
  actor: Actor,
  input: UpdateMeBody,
): Promise<CurrentAccount> {
  return db.transaction(async (tx) => {
    await updateAccount(tx, actor.accountId, { ...input, updatedAt: new Date() });
    // The same fields an administrator edits: a new version makes their older read stale.
    await bumpAccountVersion(tx, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'account.updated',
      subjectType: 'account',
      subjectId: actor.accountId,
      details: { fields: Object.keys(input), self: true },
    });
    // One transaction is one connection: its queries go one at a time.
    const account = await loadOwnAccount(tx, actor);
    return presentCurrentAccount(account, await selectGrants(tx, [actor.accountId]));
  });
}

/** Changing one's password ends every other session of the account. */
export async function changePassword(
  db: Database,
  settings: LockoutSettings,
  actor: Actor,
  input: ChangePasswordBody,
): Promise<void> {
  const account = await loadOwnAccount(db, actor);
  await checkOwnSecret(
    db,
    settings,
    actor,
    account,
    () => verifyPassword(account.passwordHash, input.currentPassword),
    {
      action: 'password.changed',
      reason: 'current_password_wrong',
      error: new AppError('current_password_wrong', { field: 'currentPassword' }),
    },
  );
  if (input.newPassword === input.currentPassword) {
    throw new AppError('password_reused', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateAccount(tx, actor.accountId, {
      passwordHash,
      passwordChangedAt: new Date(),
      failedSignIns: 0,
    });
    await deleteSessionsOfAccount(tx, actor.accountId, actor.sessionKey);
    await recordAudit(tx, actor, {
      action: 'password.changed',
      subjectType: 'account',
      subjectId: actor.accountId,
    });
  });
}

export async function startTwoFactorSetup(db: Database, actor: Actor): Promise<TwoFactorSetup> {
  const account = await loadOwnAccount(db, actor);
  if (account.totpSecret) throw new AppError('two_factor_already_enabled');
  const secret = createTwoFactorSecret();
  await updateAccount(db, actor.accountId, { totpPendingSecret: secret });
  return { secret, ...(await describeTwoFactorSecret(secret, account.email)) };
}

/**
 * Turning two-factor on or off ends every other session of the account: none of them
 * passed the second factor the account now has (or they passed one it no longer has).
 * The session that did it proved a code, so it carries on.
 */
export async function enableTwoFactor(
  db: Database,
  actor: Actor,
  input: EnableTwoFactorBody,
): Promise<void> {
  const account = await loadOwnAccount(db, actor);
  if (account.totpSecret) throw new AppError('two_factor_already_enabled');
  if (!account.totpPendingSecret) throw new AppError('two_factor_not_started');
  const check = await checkTwoFactorCode(account.totpPendingSecret, input.code, null);
  if (!check.valid) throw new AppError('two_factor_code_invalid', { field: 'code' });
  const secret = account.totpPendingSecret;
  await db.transaction(async (tx) => {
    await updateAccount(tx, actor.accountId, {
      totpSecret: secret,
      totpPendingSecret: null,
      totpLastStep: check.step,
    });
    await deleteSessionsOfAccount(tx, actor.accountId, actor.sessionKey);
    await setSessionTwoFactorPassed(tx, actor.sessionKey, true);
    await recordAudit(tx, actor, {
      action: 'two_factor.enabled',
      subjectType: 'account',
      subjectId: actor.accountId,
    });
  });
}

export async function disableTwoFactor(
  db: Database,
  settings: LockoutSettings,
  actor: Actor,
  input: DisableTwoFactorBody,
): Promise<void> {
  const account = await loadOwnAccount(db, actor);
  const secret = account.totpSecret;
  if (!secret) throw new AppError('two_factor_not_enabled');
  if (await isTwoFactorRequired(db, actor.accountId))
    throw new AppError('two_factor_required_by_site');
  const refused = { action: 'two_factor.disabled' as const };
  await checkOwnSecret(
    db,
    settings,
    actor,
    account,
    () => verifyPassword(account.passwordHash, input.password),
    {
      ...refused,
      reason: 'current_password_wrong',
      error: new AppError('current_password_wrong', { field: 'password' }),
    },
  );
  await checkOwnSecret(
    db,
    settings,
    actor,
    account,
    async () => (await checkTwoFactorCode(secret, input.code, account.totpLastStep)).valid,
    {
      ...refused,
      reason: 'wrong_code',
      error: new AppError('two_factor_code_invalid', { field: 'code' }),
    },
  );
  await db.transaction(async (tx) => {
    await updateAccount(tx, actor.accountId, {
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
    });
    await deleteSessionsOfAccount(tx, actor.accountId, actor.sessionKey);
    await setSessionTwoFactorPassed(tx, actor.sessionKey, false);
    await recordAudit(tx, actor, {
      action: 'two_factor.disabled',
      subjectType: 'account',
      subjectId: actor.accountId,
    });
  });
}
