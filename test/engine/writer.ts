/**
 * A process that opens the embedded database in the folder given and writes with 8 clients
 * until it is killed: each write is one transaction of an order and its line, and its id is
 * printed only once the commit was acknowledged.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/server/db/client';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: writer.ts DATA_DIR');
const database = await openDatabase({ kind: 'embedded', dataDir });
const { db } = database;
await db.execute(
  sql`create table if not exists orders (id int primary key, at timestamptz not null)`,
);
await db.execute(
  sql`create table if not exists order_lines (order_id int primary key references orders, note text not null)`,
);
console.log('ready');

let next = 0;
async function writer(): Promise<void> {
  for (;;) {
    next += 1;
    const id = next;
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into orders values (${id}, now())`);
      await tx.execute(sql`insert into order_lines values (${id}, ${`line of ${id}`})`);
    });
    process.stdout.write(`ack ${id}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, () => writer()));
