import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { type AuditEntry, recordAudit } from '../audit';
import { countFailedSignIn } from './accounts-queries';

type Who = Actor | { accountId: string | null; origin: RequestOrigin };

export function isLocked<T extends { lockedUntil: Date | null }>(
  account: T,
  now = new Date(),
): account is T & { lockedUntil: Date } {
  return account.lockedUntil !== null && account.lockedUntil > now;
}

/**
 * Counts one wrong password or code of an account towards its lockout, wherever it was
 * typed (sign-in, password change, turning two-factor off), and audits the failure in the
 * same transaction. Returns when the lock ends if this failure locked the account.
 */
export async function countTowardsLockout(
  db: Database,
  settings: Pick<Config, 'signIn'>,
  accountId: string,
  who: Who,
  failure: AuditEntry & { details: Record<string, unknown> },
): Promise<Date | null> {
  return db.transaction(async (tx) => {
    const counted = await countFailedSignIn(tx, accountId, settings.signIn);
    const locked = isLocked(counted);
    await recordAudit(tx, who, {
      ...failure,
      details: { ...failure.details, ...(locked ? { locked: true } : {}) },
    });
    return locked ? counted.lockedUntil : null;
  });
}
