import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, selectRows } from './client';

/**
 * The rows of `query` a batch at a time, through a server-side cursor, so a large read
 * never sits whole in memory. Call it inside a transaction (a cursor lives in one), and
 * read it to the end or stop early: either way the cursor is closed.
 */
export async function* rowsInBatches<T>(
  tx: Database,
  query: SQL,
  batchSize: number,
): AsyncGenerator<T[]> {
  const cursor = sql.raw(`rows_${randomBytes(6).toString('hex')}`);
  await tx.execute(sql`declare ${cursor} no scroll cursor for ${query}`);
  let open = true;
  try {
    while (open) {
      const rows = await selectRows<T>(tx, sql`fetch ${sql.raw(String(batchSize))} from ${cursor}`);
      open = rows.length === batchSize;
      if (rows.length > 0) yield rows;
    }
  } finally {
    await tx.execute(sql`close ${cursor}`);
  }
}
