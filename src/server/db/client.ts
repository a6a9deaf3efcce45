import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SQL, sql } from 'drizzle-orm';
import { type PgDatabase, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { startEmbeddedCluster } from './embedded-postgres';
import {
  type NotificationHandlers,
  type NotificationListener,
  sharedNotifications,
} from './notifications';
import * as schema from './schema';

/** The pool or a transaction on it: services take either. */
export type Database = PgDatabase<NodePgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  /** What the app runs on, for the start message and /readyz: "PostgreSQL 17.10 (embedded)". */
  description: string;
  /** Applies the shipped migrations, or only the first `upTo` of them (a restore's older backup). */
  migrate(upTo?: number): Promise<void>;
  /** A connection of the pool, for what Drizzle does not do (COPY); release it when done. */
  connect(): Promise<pg.PoolClient>;
  /** The pool's connections now: open, idle, and requests waiting for one (for /metrics). */
  poolStats(): { total: number; idle: number; waiting: number };
  /** Listens on a channel from a connection of its own (closed with the handle). */
  listen(channel: string, handlers: NotificationHandlers): NotificationListener;
  close(): Promise<void>;
};

/** A PostgreSQL server, or the embedded cluster kept in a folder (none: a throwaway one). */
export type DatabaseTarget =
  { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: string | undefined };

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Connects to the server, or starts the embedded cluster and connects to it. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'server') return openPool(target.url, 'server');
  const dataDir = target.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-data-'));
  const cluster = await startEmbeddedCluster(dataDir);
  const handle = await openPool(cluster.url, `${cluster.version} (embedded)`);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await cluster.stop();
      if (!target.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openPool(url: string, kind: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection can be ended by the server (a restart, a dropped test database):
  // the pool discards it and opens another when needed. Without a listener, that error
  // would be thrown as an unhandled 'error' event and stop the process.
  pool.on('error', () => undefined);
  // The same for a connection lent out (in a transaction, between two statements): its
  // statement fails with the error and the pool discards it; the process goes on.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzle(pool, { schema });
  const version = kind === 'server' ? `${await serverVersion(db)} (server)` : kind;
  const notifications = sharedNotifications(url);
  return {
    db,
    description: `PostgreSQL ${version}`,
    migrate: (upTo) => migrateUpTo(db, upTo),
    connect: () => pool.connect(),
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    listen: (channel, handlers) => notifications.listen(channel, handlers),
    close: async () => {
      await notifications.stopAll();
      await pool.end();
    },
  };
}

async function serverVersion(db: Database): Promise<string> {
  const [row] = await selectRows<{ version: string }>(
    db,
    sql`select current_setting('server_version') as version`,
  );
  return row?.version.split(' ')[0] ?? 'unknown';
}

type Journal = { entries: { tag: string }[] };

function readJournal(): Journal {
  return JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
}

/** Counts the migrations shipped with the app, to tell whether the database is up to date. */
export function countShippedMigrations(): number {
  return readJournal().entries.length;
}

/** The shipped migrations' hashes in order, as Drizzle records them (SHA-256 of the SQL file). */
export function shippedMigrationHashes(): string[] {
  return readJournal().entries.map(({ tag }) =>
    createHash('sha256')
      .update(fs.readFileSync(path.join(migrationsFolder, `${tag}.sql`)).toString())
      .digest('hex'),
  );
}

/** Drizzle migrates to the end of a folder: for fewer, a copy whose journal stops at `upTo`. */
async function migrateUpTo(db: Database, upTo: number | undefined): Promise<void> {
  if (upTo === undefined) return migrate(db, { migrationsFolder });
  const journal = readJournal();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-migrations-'));
  try {
    fs.mkdirSync(path.join(folder, 'meta'));
    const entries = journal.entries.slice(0, upTo);
    fs.writeFileSync(
      path.join(folder, 'meta', '_journal.json'),
      JSON.stringify({ ...journal, entries }),
    );
    for (const { tag } of entries) {
      fs.copyFileSync(path.join(migrationsFolder, `${tag}.sql`), path.join(folder, `${tag}.sql`));
    }
    await migrate(db, { migrationsFolder: folder });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export async function countAppliedMigrations(db: Database): Promise<number> {
  const [row] = await selectRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  return row?.count ?? 0;
}

/** Raw SQL rows: node-postgres answers `{ rows }`. */
export async function selectRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return result.rows as T[];
}

/**
 * Independent reads: side by side on the pool's connections, one after another inside a
 * transaction, whose single connection takes one statement at a time.
 */
export async function readTogether<T extends readonly unknown[]>(
  db: Database,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!(db instanceof PgTransaction)) {
    return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  }
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
