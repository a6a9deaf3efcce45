/**
 * PGlite runs PostgreSQL on the test's own thread, and it can, rarely and at random, spin
 * inside its error reporting and never return (electric-sql/pglite#1068): the event loop
 * stops, so no test timeout can fire and the whole run waits for CI's limit. A watchdog on
 * another thread sees the heartbeat stop, names the file and test, records the file in
 * `.test-output/hung-files.txt` (scripts/test.ts reruns those once) and ends the process,
 * which Vitest reports as a failed file.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, beforeEach, expect } from 'vitest';

/** Longer than any hook may take (60 s), so only a stopped event loop trips it. */
const silenceLimitMs = 90_000;
const hungFilesPath = path.resolve('.test-output/hung-files.txt');

const watchdogSource = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const beat = new Float64Array(workerData.beat);
let where = { file: '', test: '' };
parentPort.on('message', (message) => { where = message; });
setInterval(() => {
  if (Date.now() - beat[0] < workerData.limitMs) return;
  fs.writeSync(2, '\\n✗ The test thread stopped answering for ' + workerData.limitMs / 1000 +
    ' s in ' + where.file + ' (' + where.test + '), engine ' + workerData.engine +
    ': ending it (a known PGlite hang, electric-sql/pglite#1068).\\n');
  fs.mkdirSync(require('node:path').dirname(workerData.hungFilesPath), { recursive: true });
  fs.appendFileSync(workerData.hungFilesPath, workerData.engine + ' ' + where.file + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 1000);
`;

type Watchdog = { worker: Worker; beat: Float64Array };
const state = globalThis as typeof globalThis & { passerelleWatchdog?: Watchdog };

function startWatchdog(): Watchdog {
  const shared = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
  const beat = new Float64Array(shared);
  beat[0] = Date.now();
  const engine = process.env.TEST_DATABASE ?? 'unknown';
  const worker = new Worker(watchdogSource, {
    eval: true,
    workerData: { beat: shared, limitMs: silenceLimitMs, hungFilesPath, engine },
  });
  worker.unref();
  setInterval(() => {
    beat[0] = Date.now();
  }, 1000).unref();
  return { worker, beat };
}

const watchdog = (state.passerelleWatchdog ??= startWatchdog());

function report(): void {
  const { testPath, currentTestName } = expect.getState();
  watchdog.beat[0] = Date.now();
  watchdog.worker.postMessage({
    file: path.relative(process.cwd(), testPath ?? ''),
    test: currentTestName ?? 'setting up',
  });
}

beforeAll(report);
beforeEach(report);
