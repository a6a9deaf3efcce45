import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, selectRows } from '../../src/server/db/client';
import { rowsInBatches } from '../../src/server/db/cursor';
import { openTestDatabase } from '../helpers/database';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('reading rows in batches', () => {
  it('gives every row once, in order, in batches of the size asked', async () => {
    const sizes: number[] = [];
    const seen: number[] = [];
    await database.db.transaction(async (tx) => {
      const query = sql`select n from generate_series(1, ${2500}::int) as n order by n`;
      for await (const rows of rowsInBatches<{ n: number }>(tx, query, 1000)) {
        sizes.push(rows.length);
        seen.push(...rows.map((row) => row.n));
      }
    });
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
  });

  it('closes its cursor when the reader stops early, so the transaction goes on', async () => {
    const after = await database.db.transaction(async (tx) => {
      for await (const rows of rowsInBatches<{ n: number }>(
        tx,
        sql`select n from generate_series(1, 10) as n`,
        3,
      )) {
        expect(rows).toHaveLength(3);
        break;
      }
      const [row] = await selectRows<{ open: number }>(
        tx,
        sql`select count(*)::int as open from pg_cursors where name like 'rows\_%'`,
      );
      return row;
    });
    expect(after).toEqual({ open: 0 });
  });
});
