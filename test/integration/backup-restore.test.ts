import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { backUpTo, restoreFrom } from '../../src/server/cli/backup-archive';
import { readBackup, restoreBackup, writeBackup } from '../../src/server/cli/backup-restore';
import { loadConfig } from '../../src/server/config';
import {
  countShippedMigrations,
  type DatabaseHandle,
  openDatabase,
} from '../../src/server/db/client';
import { listTables } from '../../src/server/db/table-copy';
import { demoPassword, seedDemo } from '../../src/server/demo';
import { createDatabase, databaseUrl, dropDatabase } from '../../scripts/postgres-admin';
import { Client, startTestApp, type TestApp } from '../helpers/app';
import { testServerUrl } from '../helpers/database';

const linkSecret = randomBytes(24).toString('hex');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-backup-test-'));
const backupFolder = path.join(scratch, 'backup');
const restoredDataDir = path.join(scratch, 'data');
const opened: { handle: DatabaseHandle; url: string }[] = [];

let source: TestApp;
/** The source's rows when the backup was made (signing in later adds sessions and audit). */
let backedUp: Record<string, string>;

/** A new database on the suite's server, nothing in it (not even migrations). */
async function emptyDatabase(user?: string): Promise<DatabaseHandle> {
  const name = `passerelle_restore_${randomBytes(6).toString('hex')}`;
  const url = databaseUrl(testServerUrl(), name);
  await createDatabase(url);
  const target = new URL(url);
  if (user) {
    // earthdistance is not a trusted extension: a database administrator creates it first.
    await asAdmin('create extension earthdistance cascade', url);
    await asAdmin(`alter database ${name} owner to ${user}`);
    await asAdmin(`alter schema public owner to ${user}`, url);
    target.username = user;
    target.password = '';
  }
  const handle = await openDatabase({ kind: 'server', url: target.toString() });
  opened.push({ handle, url });
  return handle;
}

async function asAdmin(statement: string, url = testServerUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Each table's rows as one digest (and count), in a fixed order, plus the sequences. */
async function contents(handle: DatabaseHandle): Promise<Record<string, string>> {
  const client = await handle.connect();
  try {
    const sums: Record<string, string> = {};
    for (const { name } of await listTables(client)) {
      const result = await client.query<{ sum: string; n: string }>(
        `select md5(coalesce(string_agg(t::text, E'\\n' order by t::text collate "C"), '')) as sum,
                count(*) as n
           from "${name}" t`,
      );
      const row = result.rows[0];
      sums[name] = `${row?.n} ${row?.sum}`;
    }
    const sequences = await client.query<{ name: string; v: string | null }>(
      `select sequencename as name, last_value::text as v from pg_sequences where schemaname = 'public'`,
    );
    for (const { name, v } of sequences.rows) sums[`sequence ${name}`] = String(v);
    return sums;
  } finally {
    client.release();
  }
}

async function publicTableCount(handle: DatabaseHandle): Promise<number> {
  const client = await handle.connect();
  try {
    const result = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`,
    );
    return result.rows[0]?.n ?? -1;
  } finally {
    client.release();
  }
}

async function caseloadOf(handle: DatabaseHandle, dataDir = ':memory:'): Promise<unknown> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SIGN_IN_RATE_PER_MINUTE: '1000',
  });
  const app = await buildApp({ config, database: handle });
  try {
    await app.ready();
    const worker = new Client(app);
    expect((await worker.signIn('linkworker@passerelle.example', demoPassword)).statusCode).toBe(
      200,
    );
    const caseload = await worker.get('/api/cases/caseload');
    expect(caseload.statusCode).toBe(200);
    return caseload.json();
  } finally {
    await app.close();
  }
}

function restoreConfig() {
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: restoredDataDir, LOG_LEVEL: 'silent' });
}

beforeAll(async () => {
  source = await startTestApp({ LINK_SIGNING_SECRET: linkSecret });
  if (!(await seedDemo(source.database.db, source.config))) throw new Error('demo not seeded');
  // Summaries up to date, their queue empty: a trigger run again by the restore would show.
  await source.runJob('reports.refresh');
  await writeBackup(source.database, source.config, backupFolder);
  backedUp = await contents(source.database);
}, 120_000);

afterAll(async () => {
  for (const { handle, url } of opened) {
    await handle.close();
    await dropDatabase(url);
  }
  await source.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('writes a manifest of every table with its rows and checksums, and the link secret', async () => {
    const manifest = await readBackup(backupFolder);
    expect(manifest.migrations.count).toBe(countShippedMigrations());
    const cases = manifest.tables.find((t) => t.name === 'cases');
    expect(cases?.rows).toBeGreaterThanOrEqual(24);
    expect(manifest.tables.find((t) => t.name === 'report_case_facts')?.rows).toBe(cases?.rows);
    expect(manifest.tables.find((t) => t.name === 'report_dirty_cases')?.rows).toBe(0);
    for (const table of manifest.tables) {
      expect(`${table.name} ${table.rows}`).toBe(
        `${table.name} ${backedUp[table.name]?.split(' ')[0]}`,
      );
    }
    expect(fs.readFileSync(path.join(backupFolder, 'link-signing-secret'), 'utf8')).toBe(
      linkSecret,
    );
    expect(fs.statSync(backupFolder).mode & 0o077).toBe(0);
  });

  it.each([
    ['a superuser', undefined],
    ['the owner of the database, not a superuser', 'passerelle_restorer'],
  ])(
    'restores into a new database as %s: every row identical, and the demo link worker sees the same caseload',
    async (_who, user) => {
      if (user)
        await asAdmin(
          `do $$ begin create role ${user} login; exception when duplicate_object then null; end $$`,
        );
      const target = await emptyDatabase(user);
      fs.rmSync(restoredDataDir, { recursive: true, force: true });
      const result = await restoreBackup(target, restoreConfig(), backupFolder);
      expect(result.notes).toEqual([
        `Link-signing secret written to ${path.join(restoredDataDir, 'link-signing-secret')}.`,
      ]);
      expect(fs.readFileSync(path.join(restoredDataDir, 'link-signing-secret'), 'utf8')).toBe(
        linkSecret,
      );
      const restored = await contents(target);
      expect(restored).toEqual(backedUp);
      expect(restored.cases).not.toMatch(/^0 /);
      const caseload = await caseloadOf(target);
      expect(caseload).toEqual(await caseloadOf(source.database));
      expect((caseload as { items: unknown[] }).items.length).toBeGreaterThan(0);
    },
    120_000,
  );

  it('backs up into one .tar file and restores from it', async () => {
    const file = path.join(scratch, 'backup.tar');
    await backUpTo(source.database, source.config, file);
    // Signing in since the first backup wrote sessions and audit events: compare with now.
    const now = await contents(source.database);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    await expect(backUpTo(source.database, source.config, file)).rejects.toThrow(/exists already/);
    const target = await emptyDatabase();
    await restoreFrom(target, restoreConfig(), file);
    const restored = await contents(target);
    expect(restored).toEqual(now);
    expect(restored.cases).not.toMatch(/^0 /);
  }, 120_000);

  it("restores an older version's backup, then upgrades it to this version", async () => {
    const older = await emptyDatabase();
    const shipped = countShippedMigrations();
    await older.migrate(shipped - 1);
    const folder = path.join(scratch, 'older');
    await writeBackup(older, restoreConfig(), folder);
    expect((await readBackup(folder)).migrations.count).toBe(shipped - 1);
    const target = await emptyDatabase();
    await restoreBackup(target, restoreConfig(), folder);
    const client = await target.connect();
    try {
      const applied = await client.query('select 1 from drizzle.__drizzle_migrations');
      expect(applied.rowCount).toBe(shipped);
    } finally {
      client.release();
    }
    // As if the older database had been upgraded where it was.
    await older.migrate();
    expect(await contents(target)).toEqual(await contents(older));
  }, 120_000);

  it('refuses a database that is not empty and changes nothing in it', async () => {
    const before = await contents(source.database);
    await expect(restoreBackup(source.database, restoreConfig(), backupFolder)).rejects.toThrow(
      /database is not empty/,
    );
    expect(await contents(source.database)).toEqual(before);
  });

  it('refuses a tampered backup before writing anything', async () => {
    const tampered = path.join(scratch, 'tampered');
    fs.cpSync(backupFolder, tampered, { recursive: true });
    const file = path.join(tampered, 'tables', 'people.copy.gz');
    // A well-formed file with one name changed: only the manifest's checksum tells.
    const rows = gunzipSync(fs.readFileSync(file)).toString('utf8');
    const changed = rows.replace(/\t[A-Z][a-z]+\t/, '\tMallory\t');
    expect(changed).not.toBe(rows);
    fs.writeFileSync(file, gzipSync(changed));
    const target = await emptyDatabase();
    await expect(restoreBackup(target, restoreConfig(), tampered)).rejects.toThrow(
      'tables/people.copy.gz does not match the manifest: damaged or altered',
    );
    expect(await publicTableCount(target)).toBe(0);
  });

  it('refuses a backup made by a newer version of the app before writing anything', async () => {
    const newer = path.join(scratch, 'newer');
    fs.cpSync(backupFolder, newer, { recursive: true });
    const manifestFile = path.join(newer, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      migrations: { count: number };
    };
    manifest.migrations.count = countShippedMigrations() + 1;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const target = await emptyDatabase();
    await expect(restoreBackup(target, restoreConfig(), newer)).rejects.toThrow(
      /made by a newer version of Passerelle/,
    );
    expect(await publicTableCount(target)).toBe(0);
  });
});
