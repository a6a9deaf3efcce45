import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/client';
import { createDatabase, databaseUrl, dropDatabase } from '../../scripts/postgres-admin';
import { testServerUrl } from './database';

/*
 * The app as production runs it: `src/server/main.ts` in a process of its own (as the engine
 * tests start their writer, test/engine/embedded-postgres.test.ts), on a database of the
 * suite's server, reached over HTTP. For what only a real process shows: signals, kill -9.
 */

/** A fresh, migrated database whose URL a process can be given; closing it drops it. */
export async function openProcessDatabase(): Promise<DatabaseHandle & { url: string }> {
  const url = databaseUrl(testServerUrl(), `passerelle_proc_${randomBytes(6).toString('hex')}`);
  await createDatabase(url);
  const handle = await openDatabase({ kind: 'server', url });
  await handle.migrate();
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await dropDatabase(url);
    },
  };
}

export type AppProcess = {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  /** Everything the process wrote, standard output and error. */
  output(): string;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
};

/** Starts the app on `databaseUrl` on a free port, and resolves once it listens. */
export async function startAppProcess(
  url: string,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-app-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      DEMO_DATA: 'off',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      SIGN_IN_RATE_PER_MINUTE: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    });
  });
  const listening = new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = /Passerelle is running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve(Number(port));
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) =>
      reject(new Error(`the app ended (${code}) before listening:\n${output}`)),
    );
  });
  const port = await listening;
  return { child, baseUrl: `http://127.0.0.1:${port}`, port, output: () => output, exited };
}

/** A signed-in caller over HTTP: the session cookie and its CSRF token on writes. */
export class HttpClient {
  private cookie = '';
  private csrfToken = '';

  constructor(public baseUrl: string) {}

  async signIn(email: string, password: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrfToken = ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  /** Throws when no answer came (the connection refused or cut). */
  post(pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${pathname}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: this.cookie,
        'x-csrf-token': this.csrfToken,
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }
}
