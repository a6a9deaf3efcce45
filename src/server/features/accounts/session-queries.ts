import { and, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/roles';
import type { Database } from '../../db/client';
import { oncePerDatabase } from '../../db/prepared';
import { accounts, roleGrants, sessions } from '../../db/schema';
import { type AccountRow, twoFactorRequiredSql } from './accounts-queries';

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(
  db: Database,
  values: typeof sessions.$inferInsert,
): Promise<void> {
  await db.insert(sessions).values(values);
}

export type LiveSession = {
  session: SessionRow;
  account: AccountRow;
  grants: { role: Role; siteId: string | null }[];
  twoFactorRequired: boolean;
};

/**
 * A live session with its active account, its grants and whether two-factor sign-in is
 * required of it (one statement: every request asks), or undefined when expired, idle
 * too long or deactivated, or opened without the second factor of an account that now
 * has one (a sign-in that raced with turning it on).
 */
export async function findLiveSession(
  db: Database,
  tokenHash: string,
  idleSince: Date,
): Promise<LiveSession | undefined> {
  const [row] = await liveSessionQuery(db).execute({ tokenHash, now: new Date(), idleSince });
  return row;
}

/** Every request runs it: built once (see db/prepared.ts). */
const liveSessionQuery = oncePerDatabase(prepareLiveSessionQuery);

function prepareLiveSessionQuery(db: Database) {
  return db
    .select({
      session: sessions,
      account: accounts,
      grants: sql<LiveSession['grants']>`coalesce((
        select json_agg(json_build_object('role', g.role, 'siteId', g.site_id)
          order by g.role, g.site_id)
        from ${roleGrants} g where g.account_id = ${accounts.id}), '[]'::json)`,
      twoFactorRequired: sql<boolean>`${twoFactorRequiredSql(sql`${accounts.id}`)}`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.lastSeenAt, sql.placeholder('idleSince')),
        eq(accounts.active, true),
        or(
          isNull(accounts.totpSecret),
          eq(sessions.twoFactorPassed, true),
          eq(sessions.signInMethod, 'sso'),
        ),
      ),
    )
    .prepare('live_session');
}

/** Records whether a session passed the second factor (turning two-factor on or off in it). */
export async function setSessionTwoFactorPassed(
  db: Database,
  tokenHash: string,
  passed: boolean,
): Promise<void> {
  await db
    .update(sessions)
    .set({ twoFactorPassed: passed })
    .where(eq(sessions.tokenHash, tokenHash));
}

export async function touchSession(db: Database, tokenHash: string): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: new Date() })
    .where(eq(sessions.tokenHash, tokenHash));
}

/** Deletes the session, returning how it was opened (undefined when it was already gone). */
export async function deleteSession(
  db: Database,
  tokenHash: string,
): Promise<SessionRow['signInMethod'] | undefined> {
  const [row] = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ method: sessions.signInMethod });
  return row?.method;
}

/** Ends every session of an account, but the one named (the caller's own), if any. */
export async function deleteSessionsOfAccount(
  db: Database,
  accountId: string,
  exceptTokenHash?: string,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.accountId, accountId),
        exceptTokenHash ? ne(sessions.tokenHash, exceptTokenHash) : undefined,
      ),
    );
}
