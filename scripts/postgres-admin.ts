/**
 * Whole databases on a PostgreSQL server, by URL, for the test command, the tests and the
 * benchmarks: the server where one answers, else an embedded cluster started for the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedCluster } from '../src/server/db/embedded-postgres';

export const defaultServerUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server, another database (a socket given as `?host=` stays). */
export function databaseUrl(url: string, name: string): string {
  // The name goes into DDL, which takes no parameters: only plain identifiers pass.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unusable database name: ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

async function asAdmin(url: string, statements: (name: string) => string[]): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: databaseUrl(url, 'postgres') });
  await client.connect();
  try {
    for (const statement of statements(name)) await client.query(statement);
  } finally {
    await client.end();
  }
}

export function createDatabase(url: string): Promise<void> {
  return asAdmin(url, (name) => [`create database ${name}`]);
}

export function dropDatabase(url: string): Promise<void> {
  return asAdmin(url, (name) => [`drop database if exists ${name} with (force)`]);
}

/** An empty database of that name, whatever was there before. */
export function recreateDatabase(url: string): Promise<void> {
  return asAdmin(url, (name) => [
    `drop database if exists ${name} with (force)`,
    `create database ${name}`,
  ]);
}

/** The server's version, or undefined when nothing answers there. */
export async function serverVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version.split(' ')[0];
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type TestServer = { url: string; description: string; stop(): Promise<void> };

/**
 * The PostgreSQL the tests run on: the server at TEST_POSTGRES_URL (default 127.0.0.1:5432)
 * when it answers, otherwise an embedded cluster in a temporary folder, removed by stop().
 */
export async function openTestServer(url = defaultServerUrl): Promise<TestServer> {
  const version = await serverVersion(url);
  if (version) {
    const where = new URL(url).searchParams.get('host') ?? new URL(url).host;
    return {
      url,
      description: `PostgreSQL ${version} at ${where}`,
      stop: () => Promise.resolve(),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-test-pg-'));
  const cluster = await startEmbeddedCluster(dataDir);
  return {
    url: databaseUrl(cluster.url, 'postgres'),
    description: `PostgreSQL ${cluster.version} (embedded, started for this run: no server answered at ${new URL(url).host})`,
    stop: async () => {
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
