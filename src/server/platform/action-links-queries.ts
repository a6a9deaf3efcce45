import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { actionLinks } from '../db/schema';

export type ActionLinkRow = typeof actionLinks.$inferSelect;

export async function insertActionLink(
  db: Database,
  values: typeof actionLinks.$inferInsert,
): Promise<ActionLinkRow> {
  const [row] = await db.insert(actionLinks).values(values).returning();
  if (!row) throw new Error('insert into action_links returned no row');
  return row;
}

export async function findActionLinkByHash(
  db: Database,
  tokenHash: string,
): Promise<ActionLinkRow | undefined> {
  const [row] = await db.select().from(actionLinks).where(eq(actionLinks.tokenHash, tokenHash));
  return row;
}

export async function findActionLinkById(
  db: Database,
  id: string,
): Promise<ActionLinkRow | undefined> {
  const [row] = await db.select().from(actionLinks).where(eq(actionLinks.id, id));
  return row;
}

/**
 * Marks the link used if it is still unused, unexpired and allows the action: one UPDATE,
 * so of two requests spending it at once exactly one gets the row back.
 */
export async function markActionLinkUsed(
  db: Database,
  id: string,
  action: string,
): Promise<ActionLinkRow | undefined> {
  const [row] = await db
    .update(actionLinks)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(actionLinks.id, id),
        isNull(actionLinks.usedAt),
        gt(actionLinks.expiresAt, sql`now()`),
        sql`${action} = any(${actionLinks.actions})`,
      ),
    )
    .returning();
  return row;
}

/** Ends every unused link of a purpose for a subject now: a newer one replaces them. */
export async function expireActionLinks(
  db: Database,
  purpose: string,
  subjectId: string,
): Promise<void> {
  await db
    .update(actionLinks)
    .set({ expiresAt: sql`now()` })
    .where(
      and(
        eq(actionLinks.purpose, purpose),
        eq(actionLinks.subjectId, subjectId),
        isNull(actionLinks.usedAt),
        gt(actionLinks.expiresAt, sql`now()`),
      ),
    );
}
