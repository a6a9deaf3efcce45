import { createHash, randomBytes } from 'node:crypto';
import type { PasswordResetBody, PasswordResetRequestBody } from '../../../shared/contracts/auth';
import type { Locale } from '../../../shared/locale';
import { passwordResetLinkMinutes } from '../../../shared/password-reset';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { RequestOrigin } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { hashPassword } from '../../platform/passwords';
import { publicBaseUrl } from '../../platform/public-url';
import { recordAudit } from '../audit';
import {
  bumpAccountVersion,
  findAccountByEmail,
  findAccountById,
  updateAccount,
} from './accounts-queries';
import { normaliseEmail } from './accounts-rules';
import {
  countResetsSince,
  findResetByHash,
  insertReset,
  lockAccountForReset,
  spendReset,
  supersedeResets,
} from './password-reset-queries';
import { deleteSessionsOfAccount } from './session-queries';

/** Long enough to open the email, short enough that a forgotten one soon stops working. */
const resetLinkMinutes = passwordResetLinkMinutes;
/** At most this many emails an hour to one account, whoever asks from however many addresses. */
export const resetEmailsPerHour = 5;
/** The web page the link opens; the token follows in the fragment, which no request carries. */
export const resetPagePath = '/reset-password';

type Anonymous = { accountId: null; origin: RequestOrigin };

function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Emails the account of this address a one-use link to set a new password, if there is
 * an active one. The caller learns nothing either way (the route answers the same), and the
 * audit trail keeps what happened. A newer request ends the older links.
 */
export async function requestPasswordReset(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  requestLocale: Locale,
  input: PasswordResetRequestBody,
): Promise<void> {
  const who: Anonymous = { accountId: null, origin };
  const account = await findAccountByEmail(db, normaliseEmail(input.email));
  // A connected system's account has no password: nothing is sent for it.
  if (!account || !account.active || account.kind === 'system') {
    await recordAudit(db, who, {
      action: 'password.reset_requested',
      outcome: 'failure',
      ...(account ? { subjectType: 'account' as const, subjectId: account.id } : {}),
      details: {
        reason: account
          ? account.kind === 'system'
            ? 'system_account'
            : 'inactive'
          : 'unknown_account',
      },
    });
    return;
  }
  const subject = { subjectType: 'account' as const, subjectId: account.id };
  await db.transaction(async (tx) => {
    await lockAccountForReset(tx, account.id);
    const since = new Date(Date.now() - 3_600_000);
    if ((await countResetsSince(tx, account.id, since)) >= resetEmailsPerHour) {
      await recordAudit(tx, who, {
        action: 'password.reset_requested',
        outcome: 'failure',
        ...subject,
        details: { reason: 'too_many_requests' },
      });
      return;
    }
    await supersedeResets(tx, account.id);
    const token = randomBytes(32).toString('base64url');
    await insertReset(tx, {
      accountId: account.id,
      tokenHash: hashResetToken(token),
      expiresAt: new Date(Date.now() + resetLinkMinutes * 60_000),
    });
    const t = translatorFor(account.locale ?? requestLocale);
    const params = {
      ns: 'emails',
      name: account.displayName,
      minutes: resetLinkMinutes,
      url: `${publicBaseUrl(config)}${resetPagePath}#${token}`,
    };
    await queueEmail(tx, {
      kind: 'password.reset',
      to: account.email,
      subject: t('accounts.resetSubject', params),
      text: t('accounts.resetText', params),
    });
    await recordAudit(tx, who, { action: 'password.reset_requested', ...subject });
  });
}

function invalidLink(): AppError {
  return new AppError('reset_link_invalid', { params: { minutes: resetLinkMinutes } });
}

/**
 * Sets the new password of the link's account, spends the link, ends every session of the
 * account and lifts a lockout, in one transaction. A link used, replaced, expired, unknown,
 * or of an account deactivated since, is refused alike. Two-factor stays as it was: signing
 * in still asks for the code.
 */
export async function resetPassword(
  db: Database,
  origin: RequestOrigin,
  input: PasswordResetBody,
): Promise<void> {
  const reset = await findResetByHash(db, hashResetToken(input.token));
  const account = reset ? await findAccountById(db, reset.accountId) : undefined;
  if (!reset || !account) {
    await recordAudit(db, { accountId: null, origin }, failed('unknown_link'));
    throw invalidLink();
  }
  const who = { accountId: account.id, origin };
  const refusal = reasonRefused(reset, account.active && account.kind === 'person');
  if (refusal) {
    await recordAudit(db, who, failed(refusal, account.id));
    throw invalidLink();
  }
  // Hashing is slow on purpose: outside the transaction, as sign-in does.
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await lockAccountForReset(tx, account.id);
    const current = await findAccountById(tx, account.id);
    if (!current?.active || current.kind !== 'person' || !(await spendReset(tx, reset.id)))
      throw invalidLink();
    await updateAccount(tx, account.id, {
      passwordHash,
      passwordChangedAt: new Date(),
      failedSignIns: 0,
      lockedUntil: null,
    });
    // The lockout an administrator sees has changed: their older read is stale.
    await bumpAccountVersion(tx, account.id);
    await supersedeResets(tx, account.id);
    await deleteSessionsOfAccount(tx, account.id);
    await recordAudit(tx, who, {
      action: 'password.reset',
      subjectType: 'account',
      subjectId: account.id,
      details: { wasLocked: account.lockedUntil !== null && account.lockedUntil > new Date() },
    });
  });
}

function reasonRefused(
  reset: { usedAt: Date | null; supersededAt: Date | null; expiresAt: Date },
  active: boolean,
): string | undefined {
  if (!active) return 'inactive';
  if (reset.usedAt) return 'used';
  if (reset.supersededAt) return 'superseded';
  if (reset.expiresAt.getTime() <= Date.now()) return 'expired';
  return undefined;
}

function failed(reason: string, accountId?: string): Parameters<typeof recordAudit>[2] {
  return {
    action: 'password.reset',
    outcome: 'failure',
    ...(accountId ? { subjectType: 'account' as const, subjectId: accountId } : {}),
    details: { reason },
  };
}
