import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * The app as production runs it: `src/server/main.ts` in a process of its own, reached over
 * HTTP. Free of the test runners' own modules, so Vitest and Playwright both start it.
 */

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
