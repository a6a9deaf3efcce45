/**
 * Embedded engine soak: the whole app with its recurring jobs, on a throwaway embedded
 * cluster holding the demo programme, driven over loopback HTTP by 8 browser-like clients
 * for SOAK_MINUTES (default 30; fractions allowed): directory searches, caseload reads,
 * referrals, and directory imports watched to their end. Fails on a stall (a request, or an
 * import job from start to end, over 10 s; or 10 s in which no request completed) or on
 * more than 1% errors.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app';
import { type Config, loadConfig } from '../src/server/config';
import { type DatabaseHandle, openDatabase } from '../src/server/db/client';
import { demoAccounts, seedDemo } from '../src/server/demo';
import { createRandom } from '../src/server/features/directory/data/synthetic-directory';
import type { Role } from '../src/shared/roles';
import { type SmtpCapture, startSmtpCapture } from '../test/helpers/smtp';
import { type Client, nonEmpty, runClient } from './embedded-soak-operations';
import {
  type Memory,
  jobLines,
  printProgress,
  printReport,
  queueCounts,
  requestTotals,
  stallCount,
} from './embedded-soak-report';
import { type Soak, announceGap, noteCompletion, signIn } from './embedded-soak-requests';

const clientCount = 8;
const maxErrorRate = 0.01;
const progressEveryMs = 60_000;

function soakMinutes(): number {
  const minutes = Number(process.env.SOAK_MINUTES ?? '30');
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`SOAK_MINUTES must be a positive number of minutes, not ${minutes}`);
  return minutes;
}

// ---------------------------------------------------------------------------------------
// The app as main.ts runs it, on a throwaway cluster, with an SMTP server taking its emails.

type Closer = { what: string; close(): Promise<void> };

type Running = { app: FastifyInstance; database: DatabaseHandle; mail: SmtpCapture; base: string };

function soakConfig(dataDir: string, smtpUrl: string): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    SIGN_IN_RATE_PER_MINUTE: '1000',
    PUBLIC_FORM_RATE_PER_MINUTE: '1000',
    ACTION_LINK_RATE_PER_MINUTE: '1000',
  });
}

/**
 * Starts each piece and pushes how to stop it onto `closers` at once, so a failure halfway
 * still stops what had started.
 */
async function startApp(dataDir: string, closers: Closer[]): Promise<Running> {
  const mail = await startSmtpCapture();
  let mailClosed: Promise<void> | undefined;
  const closeMail = (): Promise<void> => (mailClosed ??= mail.close());
  closers.push({ what: 'smtp server', close: closeMail });
  const config = soakConfig(dataDir, mail.url);
  const database = await openDatabase(config.database);
  closers.push({ what: 'cluster', close: () => database.close() });
  await database.migrate();
  const demo = await seedDemo(database.db, config);
  const app = await buildApp({ config, database, runJobs: true });
  // A stopping app waits for its job under way, and a delivery pass sends until the outbox
  // is empty: with the SMTP server gone first, the pass ends after one failed try per email.
  closers.push({ what: 'smtp server, then app', close: () => closeMail().then(() => app.close()) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  console.log(
    `embedded soak: ${database.description}, demo programme of ${demo?.cases ?? 0} cases, jobs running`,
  );
  return { app, database, mail, base };
}

function emailOf(role: Role, index: number): string {
  const accounts = nonEmpty(demoAccounts.filter((account) => account.role === role));
  return (accounts[index % accounts.length] ?? accounts[0]).email;
}

async function makeClient(base: string, index: number): Promise<Client> {
  return {
    random: createRandom(20_260_101, index),
    worker: await signIn(base, emailOf('link_worker', index)),
    referrer: await signIn(base, emailOf('referrer', index)),
    admin: await signIn(base, emailOf('administrator', index)),
  };
}

// ---------------------------------------------------------------------------------------
// The run.

function newSoak(base: string, minutes: number, stop: AbortSignal): Soak {
  const now = performance.now();
  return {
    base,
    stop,
    startedAt: now,
    deadline: now + minutes * 60_000,
    stats: new Map(),
    lastCompletion: now,
    longestGap: 0,
    gapStalls: 0,
    announcedGapAfter: -1,
    importRounds: 0,
    errorSamples: new Map(),
  };
}

/** The clients until the deadline, with the peak memory sampled and progress printed. */
async function runClients(soak: Soak, clients: Client[], running: Running): Promise<Memory> {
  const heapStart = process.memoryUsage().heapUsed;
  const memory: Memory = {
    start: process.memoryUsage.rss(),
    peak: 0,
    end: 0,
    heapStart,
    heapEnd: 0,
  };
  const sampler = setInterval(() => {
    memory.peak = Math.max(memory.peak, process.memoryUsage.rss());
    running.mail.clear(); // the captured emails are not needed: keep memory flat
    announceGap(soak);
  }, 1_000);
  const progress = setInterval(
    () =>
      void printProgress(soak, running.database).catch((error: unknown) =>
        console.log('    jobs: not readable', error),
      ),
    progressEveryMs,
  );
  try {
    await Promise.all(clients.map((client) => runClient(soak, client)));
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
  }
  memory.end = process.memoryUsage.rss();
  memory.heapEnd = process.memoryUsage().heapUsed;
  memory.peak = Math.max(memory.peak, memory.start, memory.end);
  return memory;
}

type Outcome = { soak: Soak; seconds: number };

async function drive(running: Running, minutes: number, stop: AbortSignal): Promise<Outcome> {
  const clients = await Promise.all(
    Array.from({ length: clientCount }, (_, i) => makeClient(running.base, i)),
  );
  console.log(`embedded soak: ${clientCount} clients signed in, driving for ${minutes} min`);
  const queuesBefore = await queueCounts(running.database);
  const soak = newSoak(running.base, minutes, stop);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const memory = await runClients(soak, clients, running);
  loop.disable();
  const ended = performance.now();
  noteCompletion(soak, ended); // a gap running up to the end counts too
  const seconds = (ended - soak.startedAt) / 1000;
  printReport(soak, seconds, memory, loop);
  for (const line of await jobLines(running.database, queuesBefore)) console.log(line);
  return { soak, seconds };
}

/** Stops what was started, last first, each timed; one failing does not keep the others up. */
async function stopAll(closers: Closer[]): Promise<void> {
  const times: string[] = [];
  for (const { what, close } of closers.toReversed()) {
    const started = performance.now();
    await close().catch((error: unknown) =>
      console.error(`embedded soak: stopping ${what}`, error),
    );
    times.push(`${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(`stopped: ${times.join(', ')}`);
}

/** Prints why the soak failed, if it did, then the one-line summary; true when it passed. */
function verdict(soak: Soak, seconds: number): boolean {
  const totals = requestTotals(soak);
  const jobErrors = soak.stats.get('import job')?.errors ?? 0;
  const errorRate = (totals.errors + jobErrors) / Math.max(1, totals.times.length);
  const stalls = stallCount(soak);
  const failures = [
    ...(stalls > 0 ? [`${stalls} stalls`] : []),
    ...(errorRate > maxErrorRate ? [`error rate ${(100 * errorRate).toFixed(2)}% over 1%`] : []),
  ];
  if (failures.length > 0) console.log(`FAILED: ${failures.join(', ')}`);
  console.log(
    `embedded soak: ${totals.times.length} requests in ${Number((seconds / 60).toFixed(2))} min, ${stalls} stalls`,
  );
  return failures.length === 0;
}

/** `npm run bench -- embedded-soak`; exits non-zero when the soak fails, 130 when interrupted. */
export async function runEmbeddedSoakBench(): Promise<void> {
  const minutes = soakMinutes();
  const stopper = new AbortController();
  const interrupt = (): void => stopper.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-soak-'));
  const closers: Closer[] = [];
  let outcome: Outcome | undefined;
  try {
    const running = await startApp(dataDir, closers);
    if (!stopper.signal.aborted) outcome = await drive(running, minutes, stopper.signal);
  } finally {
    await stopAll(closers);
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
  }
  if (stopper.signal.aborted) {
    console.log('embedded soak: interrupted; the app and its cluster are stopped');
    process.exit(130);
  }
  if (outcome && !verdict(outcome.soak, outcome.seconds)) process.exitCode = 1;
}
