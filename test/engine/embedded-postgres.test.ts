import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase, selectRows } from '../../src/server/db/client';
import { until } from '../helpers/until';

const folders: string[] = [];
const handles: DatabaseHandle[] = [];

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-engine-'));
  folders.push(dir);
  return dir;
}

async function open(dataDir: string): Promise<DatabaseHandle> {
  const handle = await openDatabase({ kind: 'embedded', dataDir });
  handles.push(handle);
  return handle;
}

async function close(handle: DatabaseHandle): Promise<void> {
  handles.splice(handles.indexOf(handle), 1);
  await handle.close();
}

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const serverPid = (dataDir: string): number =>
  Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The writer process (writer.ts), with the ids whose commit it acknowledged. */
function startWriter(dataDir: string): {
  child: ChildProcess;
  acked: number[];
  ready: Promise<void>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/engine/writer.ts', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: number[] = [];
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the writer ended early (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve();
        else if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      }
    });
  });
  return { child, acked, ready };
}

describe('the embedded engine', () => {
  it('starts from an empty folder, on a socket in that folder only, with the extensions the search needs', async () => {
    const dataDir = newDataDir();
    const handle = await open(dataDir);
    expect(handle.description).toMatch(/^PostgreSQL 17\.\d+ \(embedded\)$/);
    await handle.migrate();
    const [settings] = await selectRows<{ listen: string; socket: string; extensions: string[] }>(
      handle.db,
      sql`select current_setting('listen_addresses') as listen,
        current_setting('unix_socket_directories') as socket,
        array(select extname::text from pg_extension order by extname) as extensions`,
    );
    expect(settings?.listen).toBe('');
    expect(settings?.socket).toBe(path.join(dataDir, 'postgres'));
    expect(settings?.extensions).toEqual(
      expect.arrayContaining(['cube', 'earthdistance', 'pg_trgm', 'unaccent']),
    );
  });

  it('runs the server as an unprivileged user, and as the postgres user when started as root', async () => {
    const dataDir = newDataDir();
    await open(dataDir);
    const clusterOwner = fs.statSync(path.join(dataDir, 'postgres')).uid;
    const processOwner = fs.statSync(`/proc/${serverPid(dataDir)}`).uid;
    expect(processOwner).toBe(clusterOwner);
    if (process.getuid?.() === 0) expect(clusterOwner).not.toBe(0);
    else expect(clusterOwner).toBe(process.getuid?.());
  });

  it('says plainly when the server user cannot reach DATA_DIR, and works in a private folder of its own user', async () => {
    const privateDir = newDataDir();
    fs.chmodSync(privateDir, 0o700);
    const dataDir = path.join(privateDir, 'data');
    if (process.getuid?.() === 0) {
      // Root's private folder is closed to the "postgres" user the server runs as.
      fs.chownSync(privateDir, 0, 0);
      await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(
        /cannot reach .*chmod o\+x/,
      );
    } else {
      const handle = await open(dataDir);
      expect(handle.description).toMatch(/embedded/);
    }
  });

  it('keeps committed rows across a stop and a start, and stops its server when closed', async () => {
    const dataDir = newDataDir();
    const first = await open(dataDir);
    await first.db.execute(sql`create table notes (body text)`);
    await first.db.execute(sql`insert into notes values ('kept')`);
    const pid = serverPid(dataDir);
    await close(first);
    expect(isAlive(pid)).toBe(false);

    const second = await open(dataDir);
    const rows = await selectRows<{ body: string }>(second.db, sql`select body from notes`);
    expect(rows).toEqual([{ body: 'kept' }]);
  });

  it('after a kill -9 of the app during writes, stops the orphaned server and keeps every acknowledged write, none half-written', async () => {
    const dataDir = newDataDir();
    const writer = startWriter(dataDir);
    await writer.ready;
    await until(() => writer.acked.length >= 300, 60_000);

    // A second app on the same folder is refused while the first one lives.
    await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(
      /in use by another Passerelle process/,
    );

    const orphan = serverPid(dataDir);
    writer.child.kill('SIGKILL');
    await new Promise((done) => writer.child.once('exit', done));
    const acknowledged = [...writer.acked];
    expect(isAlive(orphan)).toBe(true);

    const handle = await open(dataDir);
    expect(isAlive(orphan)).toBe(false);
    const [counts] = await selectRows<{ orders: number; lines: number; missing: number[] }>(
      handle.db,
      sql`select (select count(*)::int from orders) as orders,
        (select count(*)::int from order_lines) as lines,
        array(select id from unnest(${`{${acknowledged.join(',')}}`}::int[]) as id
          where id not in (select id from orders)) as missing`,
    );
    expect(counts?.missing).toEqual([]);
    expect(counts?.orders).toBeGreaterThanOrEqual(acknowledged.length);
    expect(counts?.lines).toBe(counts?.orders);
  });

  it('starts again after a first start that was interrupted before the cluster was made', async () => {
    const dataDir = newDataDir();
    // What an initdb cut short leaves: a side folder, never the cluster itself.
    fs.mkdirSync(path.join(dataDir, 'postgres.initialising'));
    fs.writeFileSync(path.join(dataDir, 'postgres.initialising', 'PG_VERSION'), '17\n');
    const handle = await open(dataDir);
    const [row] = await selectRows<{ one: number }>(handle.db, sql`select 1 as one`);
    expect(row?.one).toBe(1);
  });
});
