import { randomBytes } from 'node:crypto';
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

export { type AppProcess, startAppProcess } from './app-spawn';

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
