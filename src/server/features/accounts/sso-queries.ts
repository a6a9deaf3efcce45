import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { roleGrants, sites, ssoSignIns } from '../../db/schema';

export type SsoSignInRow = typeof ssoSignIns.$inferSelect;

/** Keeps a new attempt, and drops the ones left unfinished past their time. */
export async function insertSsoSignIn(db: Database, values: SsoSignInRow): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(ssoSignIns).where(lt(ssoSignIns.expiresAt, new Date()));
    await tx.insert(ssoSignIns).values(values);
  });
}

/** The attempt of that state, used up as it is read: a callback replayed finds nothing. */
export async function takeSsoSignIn(
  db: Database,
  stateHash: string,
): Promise<SsoSignInRow | undefined> {
  const [row] = await db
    .delete(ssoSignIns)
    .where(and(eq(ssoSignIns.stateHash, stateHash), gt(ssoSignIns.expiresAt, new Date())))
    .returning();
  return row;
}

/** Whether any site the account works at makes its staff sign in through the provider. */
export async function isSsoRequired(db: Database, accountId: string): Promise<boolean> {
  const [row] = await selectRows<{ required: boolean }>(
    db,
    sql`select exists (
      select 1 from ${roleGrants} g join ${sites} s on s.id = g.site_id
      where g.account_id = ${accountId} and s.sso_required
    ) as required`,
  );
  return row?.required === true;
}
