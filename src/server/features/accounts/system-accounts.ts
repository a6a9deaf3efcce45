import { and, eq, inArray, not } from 'drizzle-orm';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import { accounts, roleGrants } from '../../db/schema';

/**
 * Never a hash the password check accepts (not argon2 at all): a system account has no
 * password, and sign-in and password resets refuse its kind before any check.
 */
const unusablePasswordHash = '!system account: no password';

/**
 * The account a connected system acts as (features/systems): kind 'system', no password,
 * referrer at the sites it may refer to. Written here, where accounts are written.
 */
export async function createSystemAccount(
  db: Database,
  values: { email: string; displayName: string; locale: Locale; siteIds: readonly string[] },
): Promise<string> {
  const [row] = await db
    .insert(accounts)
    .values({
      email: values.email,
      displayName: values.displayName,
      locale: values.locale,
      kind: 'system',
      passwordHash: unusablePasswordHash,
    })
    .returning({ id: accounts.id });
  if (!row) throw new Error('insert into accounts returned no row');
  await setSystemAccountSites(db, row.id, values.siteIds);
  return row.id;
}

/** Its name, language and whether it may act, following its client's. */
export async function updateSystemAccount(
  db: Database,
  accountId: string,
  patch: { displayName?: string; locale?: Locale; active?: boolean },
): Promise<void> {
  await db
    .update(accounts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(accounts.id, accountId), eq(accounts.kind, 'system')));
}

/** Exactly one referrer grant per site listed, and no other grant. */
export async function setSystemAccountSites(
  db: Database,
  accountId: string,
  siteIds: readonly string[],
): Promise<void> {
  const kept = siteIds.length
    ? and(eq(roleGrants.role, 'referrer'), inArray(roleGrants.siteId, [...siteIds]))
    : undefined;
  await db
    .delete(roleGrants)
    .where(and(eq(roleGrants.accountId, accountId), kept ? not(kept) : undefined));
  if (siteIds.length === 0) return;
  await db
    .insert(roleGrants)
    .values(siteIds.map((siteId) => ({ accountId, role: 'referrer' as const, siteId })))
    .onConflictDoNothing();
}
