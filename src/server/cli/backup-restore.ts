/**
 * A backup is a folder: one gzipped COPY text file per table of the public schema, read in
 * one snapshot, the link-signing secret, and manifest.json (written last) that names the
 * app's migrations, each table's columns, rows and file SHA-256, and the sequences.
 * A restore checks every file against the manifest before it writes anything, migrates a
 * new database to the backup's migration, loads every table in one transaction, checks
 * the counts, then applies the app's newer migrations.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { z } from 'zod';
import type { Config } from '../config';
import { countShippedMigrations, type DatabaseHandle, shippedMigrationHashes } from '../db/client';
import {
  copyTableIn,
  copyTableOut,
  countRows,
  foreignKeyOrder,
  isSuperuser,
  listTables,
  lockTables,
  readSequences,
  setUserTriggers,
  type TableShape,
  truncateTables,
  tablesWithUserTriggers,
  writeSequences,
} from '../db/table-copy';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/);

export const BackupManifest = z.object({
  format: z.literal('passerelle-backup'),
  formatVersion: z.literal(1),
  madeAt: z.iso.datetime(),
  server: z.string(),
  migrations: z.object({ count: z.number().int().min(1), lastHash: Sha256 }),
  tables: z.array(
    z.object({
      name: Identifier,
      columns: z.array(Identifier).min(1),
      rows: z.number().int().min(0),
      file: z.string().regex(/^tables\/[a-z_][a-z0-9_]*\.copy\.gz$/),
      bytes: z.number().int().min(0),
      sha256: Sha256,
    }),
  ),
  sequences: z.array(
    z.object({
      name: Identifier,
      lastValue: z
        .string()
        .regex(/^-?\d+$/)
        .nullable(),
    }),
  ),
  linkSigningSecret: z
    .object({ file: z.literal('link-signing-secret'), sha256: Sha256 })
    .nullable(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

const manifestFile = 'manifest.json';
const secretFile = 'link-signing-secret';

/** Hashes and measures what passes, unchanged. */
function digester(): Transform & { sha256(): string; bytes: number } {
  const hash = createHash('sha256');
  const stage = Object.assign(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        stage.bytes += chunk.length;
        done(null, chunk);
      },
    }),
    { bytes: 0, sha256: () => hash.digest('hex') },
  );
  return stage;
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The secret that signs emailed links now: the setting, else DATA_DIR's file, else none. */
function currentLinkSecret(config: Config): string | undefined {
  const { signingSecret, secretFile: file } = config.links;
  if (signingSecret) return signingSecret;
  if (file && fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  return undefined;
}

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query(`select to_regclass('drizzle.__drizzle_migrations') as t`);
  if (!(exists.rows[0] as { t: string | null }).t) return [];
  const result = await client.query<{ hash: string }>(
    'select hash from drizzle.__drizzle_migrations order by created_at, id',
  );
  return result.rows.map((row) => row.hash);
}

function prepareFolder(folder: string): void {
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    throw new BackupRefused(`${folder} is not empty: give a new or empty folder`);
  }
  // Personal data: the folder and its files for the user running the backup only.
  fs.mkdirSync(path.join(folder, 'tables'), { recursive: true, mode: 0o700 });
  fs.chmodSync(folder, 0o700);
}

export type BackupResult = { manifest: BackupManifest; bytes: number; milliseconds: number };

/**
 * Writes the database (in one REPEATABLE READ, READ ONLY, DEFERRABLE snapshot: consistent
 * without stopping the app) and the link-signing secret into `folder`, new or empty.
 */
export async function writeBackup(
  database: DatabaseHandle,
  config: Config,
  folder: string,
): Promise<BackupResult> {
  const started = Date.now();
  prepareFolder(folder);
  const client = await database.connect();
  let manifest: BackupManifest;
  try {
    await client.query('begin isolation level repeatable read, read only, deferrable');
    const hashes = await appliedMigrations(client);
    const lastHash = hashes.at(-1);
    if (!lastHash) throw new BackupRefused('this database has no Passerelle migrations');
    const tables: BackupManifest['tables'] = [];
    for (const table of await listTables(client)) {
      tables.push(await backUpTable(client, table, folder));
    }
    // Read after the rows: a sequence is never behind the rows it numbered.
    const sequences = await readSequences(client);
    await client.query('commit');
    manifest = {
      format: 'passerelle-backup',
      formatVersion: 1,
      madeAt: new Date().toISOString(),
      server: database.description,
      migrations: { count: hashes.length, lastHash },
      tables,
      sequences,
      linkSigningSecret: backUpSecret(config, folder),
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  // Last: a folder without a manifest is an unfinished backup, which restore refuses.
  fs.writeFileSync(path.join(folder, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
  const bytes = manifest.tables.reduce((sum, t) => sum + t.bytes, 0);
  return { manifest, bytes, milliseconds: Date.now() - started };
}

async function backUpTable(
  client: pg.ClientBase,
  table: TableShape,
  folder: string,
): Promise<BackupManifest['tables'][number]> {
  const file = `tables/${table.name}.copy.gz`;
  const digest = digester();
  const sink = fs.createWriteStream(path.join(folder, file), { mode: 0o600 });
  const rows = await copyTableOut(client, table, [createGzip(), digest], sink);
  return { ...table, rows, file, bytes: digest.bytes, sha256: digest.sha256() };
}

function backUpSecret(config: Config, folder: string): BackupManifest['linkSigningSecret'] {
  const secret = currentLinkSecret(config);
  if (!secret) return null;
  fs.writeFileSync(path.join(folder, secretFile), secret, { mode: 0o600 });
  return { file: secretFile, sha256: sha256(secret) };
}

/** The manifest, once every file it names is there with its SHA-256: nothing is written before. */
export async function readBackup(folder: string): Promise<BackupManifest> {
  const file = path.join(folder, manifestFile);
  if (!fs.existsSync(file)) {
    throw new BackupRefused(`${folder} has no ${manifestFile}: not a backup, or an unfinished one`);
  }
  const parsed = BackupManifest.safeParse(readJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupRefused(
      `${file} is not a Passerelle backup manifest (${issue?.path.join('.')}: ${issue?.message})`,
    );
  }
  const manifest = parsed.data;
  for (const table of manifest.tables) {
    const digest = digester();
    await pipeline(fs.createReadStream(path.join(folder, table.file)), digest, devNull());
    if (digest.sha256() !== table.sha256 || digest.bytes !== table.bytes) {
      throw new BackupRefused(`${table.file} does not match the manifest: damaged or altered`);
    }
  }
  if (manifest.linkSigningSecret) {
    const secret = fs.readFileSync(path.join(folder, manifest.linkSigningSecret.file), 'utf8');
    if (sha256(secret) !== manifest.linkSigningSecret.sha256) {
      throw new BackupRefused(`${secretFile} does not match the manifest: damaged or altered`);
    }
  }
  return manifest;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new BackupRefused(`${file} is not JSON: damaged or altered`);
  }
}

function devNull(): Transform {
  return new Transform({ transform: (_chunk, _encoding, done) => done() });
}

/** A backup this app can read: its migrations are this app's first ones. */
function checkVersion(manifest: BackupManifest): void {
  const shipped = shippedMigrationHashes();
  const { count, lastHash } = manifest.migrations;
  if (count > shipped.length) {
    throw new BackupRefused(
      `the backup was made by a newer version of Passerelle (${count} migrations, this one has ${shipped.length}): restore it with that version or a later one`,
    );
  }
  if (shipped[count - 1] !== lastHash) {
    throw new BackupRefused(
      `the backup's migration ${count} is not this app's: it was made by another line of Passerelle`,
    );
  }
}

export type RestoreResult = { rows: number; milliseconds: number; notes: string[] };

/**
 * Loads a backup into a new database (no table, no migration): refuses one that holds
 * anything, a damaged backup and a backup of a newer app, before writing.
 */
export async function restoreBackup(
  database: DatabaseHandle,
  config: Config,
  folder: string,
): Promise<RestoreResult> {
  const started = Date.now();
  const manifest = await readBackup(folder);
  checkVersion(manifest);
  await refuseUnlessEmpty(database);
  await database.migrate(manifest.migrations.count);
  const client = await database.connect();
  try {
    await client.query('begin');
    await loadTables(client, folder, manifest);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  if (manifest.migrations.count < countShippedMigrations()) await database.migrate();
  const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  const notes = restoreSecret(config, folder, manifest);
  return { rows, milliseconds: Date.now() - started, notes };
}

/** Empty: no table in the public schema and no migrations, as a new database is. */
async function refuseUnlessEmpty(database: DatabaseHandle): Promise<void> {
  const client = await database.connect();
  try {
    const tables = await listTables(client);
    const applied = await appliedMigrations(client);
    if (tables.length > 0 || applied.length > 0) {
      throw new BackupRefused(
        `the database is not empty (${tables.length} tables, ${applied.length} migrations): restore into a new database`,
      );
    }
  } finally {
    client.release();
  }
}

async function loadTables(
  client: pg.ClientBase,
  folder: string,
  manifest: BackupManifest,
): Promise<void> {
  const tables = await listTables(client);
  checkSameTables(tables, manifest);
  // Nothing else writes while the tables fill.
  await lockTables(client, tables);
  const order = await loadOrder(client, tables);
  const triggered = order.superuser ? [] : await tablesWithUserTriggers(client);
  // The rows come with what triggers derived from them (report summaries and their queue):
  // the triggers must not run again on them.
  await setUserTriggers(client, triggered, false);
  // The reference rows the migrations wrote come back from the backup, as they were there.
  await truncateTables(client, tables);
  for (const table of order.tables) {
    const entry = manifest.tables.find((t) => t.name === table.name);
    if (!entry || entry.rows === 0) continue;
    await copyTableIn(client, table, fs.createReadStream(path.join(folder, entry.file)), [
      createGunzip(),
    ]);
    const rows = await countRows(client, table.name);
    if (rows !== entry.rows) {
      throw new BackupRefused(`${table.name} took ${rows} rows where the backup has ${entry.rows}`);
    }
  }
  await setUserTriggers(client, triggered, true);
  await writeSequences(client, manifest.sequences);
}

/**
 * A superuser loads with triggers and foreign-key checks off for the transaction; another
 * owner loads parents before children with its tables' own triggers disabled.
 */
async function loadOrder(
  client: pg.ClientBase,
  tables: TableShape[],
): Promise<{ superuser: boolean; tables: TableShape[] }> {
  if (await isSuperuser(client)) {
    await client.query(`set local session_replication_role = replica`);
    return { superuser: true, tables };
  }
  const ordered = await foreignKeyOrder(client, tables);
  if (!ordered) {
    throw new BackupRefused(
      'the foreign keys form a cycle, which only a superuser can load: restore as a superuser role',
    );
  }
  return { superuser: false, tables: ordered };
}

function checkSameTables(tables: TableShape[], manifest: BackupManifest): void {
  const shape = (list: { name: string; columns: string[] }[]): string =>
    JSON.stringify(list.map(({ name, columns }) => [name, columns]));
  if (shape(tables) !== shape(manifest.tables)) {
    throw new BackupRefused(
      "the database's tables after the backup's migrations differ from the backup's: it cannot be loaded",
    );
  }
}

/** The backup's secret where the app will read it; a setting of its own is the operator's. */
function restoreSecret(config: Config, folder: string, manifest: BackupManifest): string[] {
  if (!manifest.linkSigningSecret) return ['The backup holds no link-signing secret.'];
  const secret = fs.readFileSync(path.join(folder, manifest.linkSigningSecret.file), 'utf8');
  const { signingSecret, secretFile: file } = config.links;
  if (signingSecret) {
    return signingSecret === secret
      ? []
      : [
          `LINK_SIGNING_SECRET differs from the backup's: links emailed before the backup open only with the backup's (its ${secretFile} file).`,
        ];
  }
  if (!file)
    return ['DATA_DIR=:memory: keeps no link-signing secret: emailed links will not open.'];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return [`Link-signing secret written to ${file}.`];
}
