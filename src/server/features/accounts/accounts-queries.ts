import { and, asc, eq, gt, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { accounts, roleGrants, sites } from '../../db/schema';
import type { Role } from '../../../shared/roles';

export type AccountRow = typeof accounts.$inferSelect;
export type GrantRow = {
  id: string;
  accountId: string;
  role: Role;
  siteId: string | null;
  siteName: string | null;
};
type AccountPatch = Partial<Omit<typeof accounts.$inferInsert, 'id' | 'version' | 'createdAt'>>;

export async function findAccountByEmail(
  db: Database,
  email: string,
): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findAccountById(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

/**
 * An account of a person: the administration of accounts leaves connected systems' accounts
 * alone (features/systems manages them with their clients).
 */
export async function findPersonAccount(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.kind, 'person')));
  return row;
}

export async function selectGrants(db: Database, accountIds: string[]): Promise<GrantRow[]> {
  if (accountIds.length === 0) return [];
  return db
    .select({
      id: roleGrants.id,
      accountId: roleGrants.accountId,
      role: roleGrants.role,
      siteId: roleGrants.siteId,
      siteName: sites.name,
    })
    .from(roleGrants)
    .leftJoin(sites, eq(sites.id, roleGrants.siteId))
    .where(inArray(roleGrants.accountId, accountIds))
    .orderBy(asc(roleGrants.role), asc(sites.name));
}

/** Undefined when the email is taken, also by an account a concurrent request just made. */
export async function insertAccount(
  db: Database,
  values: typeof accounts.$inferInsert,
): Promise<AccountRow | undefined> {
  const [row] = await db.insert(accounts).values(values).onConflictDoNothing().returning();
  return row;
}

/** Applies a patch only if the row is still at the version the caller read; undefined if stale. */
export async function updateAccountAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: AccountPatch,
): Promise<AccountRow | undefined> {
  const [row] = await db
    .update(accounts)
    .set({ ...patch, version: sql`${accounts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(accounts.id, id), eq(accounts.version, version)))
    .returning();
  return row;
}

/** For changes the account makes to itself or the system makes (sign-in counters): no version check. */
export async function updateAccount(db: Database, id: string, patch: AccountPatch): Promise<void> {
  await db.update(accounts).set(patch).where(eq(accounts.id, id));
}

/**
 * Records the two-factor time step a sign-in used, unless it or a later one was used
 * already. Checking and writing in one statement stops two concurrent sign-ins from
 * sharing a code; false means the code was replayed.
 */
export async function claimTwoFactorStep(db: Database, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ totpLastStep: step })
    .where(
      and(eq(accounts.id, id), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step))),
    )
    .returning({ id: accounts.id });
  return rows.length > 0;
}

export async function bumpAccountVersion(db: Database, id: string): Promise<void> {
  await db
    .update(accounts)
    .set({ version: sql`${accounts.version} + 1`, updatedAt: new Date() })
    .where(eq(accounts.id, id));
}

/** Counts one failed sign-in; at the limit, locks the account and starts counting afresh. */
export async function countFailedSignIn(
  db: Database,
  id: string,
  limit: { maxFailures: number; lockMinutes: number },
): Promise<{ lockedUntil: Date | null }> {
  const [row] = await db
    .update(accounts)
    .set({
      failedSignIns: sql`case when ${accounts.failedSignIns} + 1 >= ${limit.maxFailures} then 0 else ${accounts.failedSignIns} + 1 end`,
      lockedUntil: sql`case when ${accounts.failedSignIns} + 1 >= ${limit.maxFailures} then now() + make_interval(mins => ${limit.lockMinutes}) else ${accounts.lockedUntil} end`,
    })
    .where(eq(accounts.id, id))
    .returning({ lockedUntil: accounts.lockedUntil });
  return { lockedUntil: row?.lockedUntil ?? null };
}

export type AccountListFilter = {
  search?: string | undefined;
  role?: Role | undefined;
  siteId?: string | undefined;
  after?: { email: string; id: string } | undefined;
  limit: number;
};

export async function selectAccounts(
  db: Database,
  filter: AccountListFilter,
): Promise<AccountRow[]> {
  const pattern = filter.search ? `%${filter.search.replace(/[\\%_]/g, '\\$&')}%` : undefined;
  const emailKey = sql`lower(${accounts.email})`;
  const conditions: (SQL | undefined)[] = [
    eq(accounts.kind, 'person'),
    pattern ? or(ilike(accounts.email, pattern), ilike(accounts.displayName, pattern)) : undefined,
    filter.role || filter.siteId
      ? sql`exists (select 1 from ${roleGrants} where ${roleGrants.accountId} = ${accounts.id}
          ${filter.role ? sql`and ${roleGrants.role} = ${filter.role}` : sql``}
          ${filter.siteId ? sql`and ${roleGrants.siteId} = ${filter.siteId}` : sql``})`
      : undefined,
    filter.after
      ? or(
          gt(emailKey, filter.after.email),
          and(eq(emailKey, filter.after.email), gt(accounts.id, filter.after.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(accounts)
    .where(and(...conditions))
    .orderBy(asc(emailKey), asc(accounts.id))
    .limit(filter.limit);
}

export async function insertGrant(
  db: Database,
  values: { accountId: string; role: Role; siteId: string | null },
): Promise<{ id: string } | undefined> {
  const [row] = await db
    .insert(roleGrants)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: roleGrants.id });
  return row;
}

export async function deleteGrant(
  db: Database,
  accountId: string,
  grantId: string,
): Promise<GrantRow | undefined> {
  const [row] = await db
    .delete(roleGrants)
    .where(and(eq(roleGrants.id, grantId), eq(roleGrants.accountId, accountId)))
    .returning();
  return row ? { ...row, siteName: null } : undefined;
}

const administratorsLockKey = 7_271_001;

/**
 * Held until the transaction ends by every change that could remove the last active
 * administrator. Without it, under read committed, two such changes each still count the
 * other's administrator and both commit, leaving none.
 */
export async function lockAdministratorChanges(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${administratorsLockKey})`);
}

export async function countActiveAdministrators(db: Database): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(distinct ${accounts.id})::int` })
    .from(accounts)
    .innerJoin(roleGrants, eq(roleGrants.accountId, accounts.id))
    .where(and(eq(roleGrants.role, 'administrator'), eq(accounts.active, true)));
  return row?.count ?? 0;
}

/**
 * Two-factor is required of anyone with a role at a site that asks for it, and of
 * administrators as soon as any site asks for it, since they can act on every site.
 */
/** Whether a site of the account asks for two-factor sign-in (any site, for an administrator). */
export function twoFactorRequiredSql(accountId: SQL | string): SQL {
  return sql`(exists (
      select 1 from ${roleGrants} g join ${sites} s on s.id = g.site_id
      where g.account_id = ${accountId} and s.two_factor_required
    ) or (
      exists (select 1 from ${roleGrants} where account_id = ${accountId} and role = 'administrator')
      and exists (select 1 from ${sites} where two_factor_required)
    ))`;
}

export async function isTwoFactorRequired(db: Database, accountId: string): Promise<boolean> {
  const [row] = await selectRows<{ required: boolean }>(
    db,
    sql`select ${twoFactorRequiredSql(accountId)} as required`,
  );
  return row?.required === true;
}

export async function siteExists(db: Database, siteId: string): Promise<boolean> {
  const [row] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
  return row !== undefined;
}
