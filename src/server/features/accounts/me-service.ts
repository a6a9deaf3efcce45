import type {
  ChangePasswordBody,
  CurrentAccount,
  DisableTwoFactorBody,
  EnableTwoFactorBody,
  TwoFactorSetup,
  UpdateMeBody,
} from '../../../shared/contracts/auth';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import {
  checkTwoFactorCode,
  createTwoFactorSecret,
  describeTwoFactorSecret,
} from '../../platform/two-factor';
import { recordAudit } from '../audit';
import { presentCurrentAccount } from './accounts-presenter';
import {
  type AccountRow,
  bumpAccountVersion,
  findAccountById,
  isTwoFactorRequired,
  selectGrants,
  updateAccount,
} from './accounts-queries';
import { deleteSessionsOfAccount, setSessionTwoFactorPassed } from './session-queries';

async function loadOwnAccount(db: Database, actor: Actor): Promise<AccountRow> {
  const account = await findAccountById(db, actor.accountId);
  if (!account) throw new AppError('unauthenticated');
  return account;
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
  actor: Actor,
  input: ChangePasswordBody,
): Promise<void> {
  const account = await loadOwnAccount(db, actor);
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    await recordAudit(db, actor, {
      action: 'password.changed',
      outcome: 'failure',
      subjectType: 'account',
      subjectId: actor.accountId,
      details: { reason: 'current_password_wrong' },
    });
    throw new AppError('current_password_wrong', { field: 'currentPassword' });
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('password_reused', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateAccount(tx, actor.accountId, { passwordHash, passwordChangedAt: new Date() });
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
  actor: Actor,
  input: DisableTwoFactorBody,
): Promise<void> {
  const account = await loadOwnAccount(db, actor);
  if (!account.totpSecret) throw new AppError('two_factor_not_enabled');
  if (await isTwoFactorRequired(db, actor.accountId))
    throw new AppError('two_factor_required_by_site');
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    throw new AppError('current_password_wrong', { field: 'password' });
  }
  const check = await checkTwoFactorCode(account.totpSecret, input.code, account.totpLastStep);
  if (!check.valid) throw new AppError('two_factor_code_invalid', { field: 'code' });
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
