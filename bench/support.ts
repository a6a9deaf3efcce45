/** What the benchmarks share: a scratch database on either engine, a signed-in HTTP server, percentiles. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { type DatabaseHandle, openDatabase } from '../src/server/db/client';
import type { Role } from '../src/shared/roles';
import { makeAccount } from '../test/helpers/factories';
import {
  createDatabase,
  databaseUrl,
  defaultServerUrl,
  dropDatabase,
} from '../scripts/postgres-admin';

/** The PostgreSQL server at TEST_POSTGRES_URL (default 127.0.0.1:5432), or an embedded cluster. */
export type Engine = 'server' | 'embedded';

/**
 * A migrated, empty database: a throwaway embedded cluster, or a scratch database on the
 * server (with its `url`, for a benchmark's own client); drop() removes either.
 */
export async function openEngine(
  engine: Engine,
): Promise<{ handle: DatabaseHandle; url?: string; drop(): Promise<void> }> {
  if (engine === 'embedded') {
    const handle = await openDatabase({ kind: 'embedded', dataDir: undefined });
    await handle.migrate();
    return { handle, drop: () => handle.close() };
  }
  const url = databaseUrl(defaultServerUrl, `passerelle_bench_${randomBytes(4).toString('hex')}`);
  await createDatabase(url);
  const handle = await openDatabase({ kind: 'server', url });
  const drop = async (): Promise<void> => {
    await handle.close();
    await dropDatabase(url);
  };
  try {
    await handle.migrate();
  } catch (error) {
    await drop();
    throw error;
  }
  return { handle, url, drop };
}

/** A database kept between runs (created if missing, migrated), which close() leaves in place. */
export async function openKeptDatabase(url: string): Promise<DatabaseHandle> {
  await createDatabase(url).catch((error: unknown) => {
    if (!String(error).includes('already exists')) throw error;
  });
  const handle = await openDatabase({ kind: 'server', url });
  await handle.migrate();
  return handle;
}

export type Server = {
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** Reads a response to its end without keeping it: its status and size in bytes. */
  download(path: string): Promise<{ status: number; bytes: number }>;
  close(): Promise<void>;
};

/** The app on a loopback port, with the session of a new account holding `role`. */
export async function startServer(handle: DatabaseHandle, role: Role): Promise<Server> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIGN_IN_RATE_PER_MINUTE: '1000',
  });
  const app = await buildApp({ config, database: handle });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const account = await makeAccount(handle.db, [{ role }]);
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    get: async (path) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      return { status: response.status, body: await response.json() };
    },
    download: async (path) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      let bytes = 0;
      const reader = response.body?.getReader();
      for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
        bytes += read.value.byteLength;
      }
      return { status: response.status, bytes };
    },
    close: () => app.close(),
  };
}

/** The nearest-rank percentile of sorted times. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}
