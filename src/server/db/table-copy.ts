/**
 * Whole tables of the public schema in and out through COPY (text format) on one
 * node-postgres connection: what a backup needs without pg_dump, whose version must match
 * the server's (the embedded engine ships none).
 */
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export type TableShape = { name: string; columns: string[] };
export type SequenceState = { name: string; lastValue: string | null };

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Every table of the public schema with its stored columns in order (generated ones left out). */
export async function listTables(client: pg.ClientBase): Promise<TableShape[]> {
  const result = await client.query<{ name: string; columns: string[] }>(
    `select c.relname as name,
            array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind = 'r' and a.attgenerated = ''
      group by c.relname
      order by c.relname collate "C"`,
  );
  return result.rows;
}

/** The sequences of the public schema (serial and identity columns); null: never used. */
export async function readSequences(client: pg.ClientBase): Promise<SequenceState[]> {
  const result = await client.query<SequenceState>(
    `select sequencename as name, last_value::text as "lastValue"
       from pg_sequences where schemaname = 'public' order by sequencename collate "C"`,
  );
  return result.rows;
}

export async function writeSequences(
  client: pg.ClientBase,
  sequences: SequenceState[],
): Promise<void> {
  for (const { name, lastValue } of sequences) {
    // A sequence never used restarts as new: its next value is its start.
    if (lastValue === null) {
      await client.query(`alter sequence ${quote(name)} restart`);
    } else {
      await client.query('select setval($1::regclass, $2::bigint, true)', [quote(name), lastValue]);
    }
  }
}

/** Empties the tables at once (a list that holds every table a foreign key points to). */
export async function truncateTables(client: pg.ClientBase, tables: TableShape[]): Promise<void> {
  if (tables.length === 0) return;
  await client.query(`truncate ${tables.map((t) => quote(t.name)).join(', ')}`);
}

export async function countRows(client: pg.ClientBase, table: string): Promise<number> {
  const result = await client.query<{ n: string }>(`select count(*) as n from ${quote(table)}`);
  return Number(result.rows[0]?.n ?? 0);
}

/** Counts the rows of COPY text as it passes: one line each, as newlines in values are escaped. */
function rowCounter(): Transform & { rows: number } {
  const counter = Object.assign(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) counter.rows++;
        done(null, chunk);
      },
    }),
    { rows: 0 },
  );
  return counter;
}

/** Streams one table out (inside the caller's snapshot) through `stages` into `sink`; its row count. */
export async function copyTableOut(
  client: pg.ClientBase,
  table: TableShape,
  stages: Transform[],
  sink: Writable,
): Promise<number> {
  const counter = rowCounter();
  const source = client.query(
    copyTo(`copy ${quote(table.name)} (${table.columns.map(quote).join(', ')}) to stdout`),
  );
  await pipeline([source, counter, ...stages, sink]);
  return counter.rows;
}

/** Streams one table's COPY text from `source` (through `stages`) into it. */
export async function copyTableIn(
  client: pg.ClientBase,
  table: TableShape,
  source: Readable,
  stages: Transform[],
): Promise<void> {
  const sink = client.query(
    copyFrom(`copy ${quote(table.name)} (${table.columns.map(quote).join(', ')}) from stdin`),
  );
  await pipeline([source, ...stages, sink]);
}

/**
 * The tables in an order where each comes after those its foreign keys point to; undefined
 * when the keys make a cycle (a self-reference included), which no order satisfies.
 */
export async function foreignKeyOrder(
  client: pg.ClientBase,
  tables: TableShape[],
): Promise<TableShape[] | undefined> {
  const result = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public'`,
  );
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const { child, parent } of result.rows) parents.get(child)?.add(parent);
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  let remaining = tables;
  while (remaining.length > 0) {
    const ready = remaining.filter((t) =>
      [...(parents.get(t.name) ?? [])].every((p) => placed.has(p) || !parents.has(p)),
    );
    if (ready.length === 0) return undefined;
    for (const t of ready) placed.add(t.name);
    ordered.push(...ready);
    remaining = remaining.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/** Tables with triggers of their own (not those behind foreign keys). */
export async function tablesWithUserTriggers(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select distinct c.relname as name
       from pg_trigger t
       join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and n.nspname = 'public'
      order by 1`,
  );
  return result.rows.map((row) => row.name);
}

export async function setUserTriggers(
  client: pg.ClientBase,
  tables: string[],
  enabled: boolean,
): Promise<void> {
  for (const name of tables) {
    await client.query(`alter table ${quote(name)} ${enabled ? 'enable' : 'disable'} trigger user`);
  }
}

export async function lockTables(client: pg.ClientBase, tables: TableShape[]): Promise<void> {
  if (tables.length === 0) return;
  await client.query(
    `lock table ${tables.map((t) => quote(t.name)).join(', ')} in access exclusive mode`,
  );
}

export async function isSuperuser(client: pg.ClientBase): Promise<boolean> {
  const result = await client.query<{ on: string }>(`select current_setting('is_superuser') as on`);
  return result.rows[0]?.on === 'on';
}
