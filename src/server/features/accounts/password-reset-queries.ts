import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts, passwordResets } from '../../db/schema';

export type PasswordResetRow = typeof passwordResets.$inferSelect;

/**
 * Holds the account's row until the transaction ends: two requests for the same account
 * take turns, so exactly one link (the newer) stays live.
 */
export async function lockAccountForReset(db: Database, accountId: string): Promise<void> {
  await db.execute(sql`select 1 from ${accounts} where ${accounts.id} = ${accountId} for update`);
}

export async function countResetsSince(
  db: Database,
  accountId: string,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(passwordResets)
    .where(and(eq(passwordResets.accountId, accountId), gt(passwordResets.createdAt, since)));
  return row?.n ?? 0;
}

/** Ends every link of the account not yet used: a newer request, or a reset, replaces them. */
export async function supersedeResets(db: Database, accountId: string): Promise<void> {
  await db
    .update(passwordResets)
    .set({ supersededAt: sql`now()` })
    .where(
      and(
        eq(passwordResets.accountId, accountId),
        isNull(passwordResets.usedAt),
        isNull(passwordResets.supersededAt),
      ),
    );
}

export async function insertReset(
  db: Database,
  values: { accountId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.insert(passwordResets).values(values);
}

export async function findResetByHash(
  db: Database,
  tokenHash: string,
): Promise<PasswordResetRow | undefined> {
  const [row] = await db
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, tokenHash));
  return row;
}

/**
 * Spends the link if it is still live (unused, not replaced, unexpired): one UPDATE, so of
 * two requests with the same link exactly one gets the row back.
 */
export async function spendReset(db: Database, id: string): Promise<PasswordResetRow | undefined> {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(passwordResets.id, id),
        isNull(passwordResets.usedAt),
        isNull(passwordResets.supersededAt),
        gt(passwordResets.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return row;
}
