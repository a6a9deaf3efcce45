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
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app';
import { type Config, loadConfig } from '../src/server/config';
import { type DatabaseHandle, openDatabase, selectRows } from '../src/server/db/client';
import { demoAccounts, demoPassword, seedDemo } from '../src/server/demo';
import type { HsdsService } from '../src/server/features/directory/data/hsds-service';
import { loadJudgedQueries } from '../src/server/features/directory/data/judged-queries';
import {
  type Random,
  createRandom,
  generateSyntheticDirectory,
} from '../src/server/features/directory/data/synthetic-directory';
import { type DirectoryImportBody, DirectoryImportJob } from '../src/shared/contracts/directory';
import type { CreateReferralInput, PersonInput } from '../src/shared/contracts/referrals';
import { type ReferralReason, referralReasons, urgencies } from '../src/shared/pathway';
import type { Role } from '../src/shared/roles';
import { judgedSearchUrl } from '../test/helpers/search';
import { type SmtpCapture, startSmtpCapture } from '../test/helpers/smtp';
import { percentile } from './support';

const clientCount = 8;
const stallMs = 10_000;
/** Three times the stall limit: a stalled request is still measured, and ends soon after. */
const requestTimeoutMs = 30_000;
const maxErrorRate = 0.01;
const importPollMs = 200;
const progressEveryMs = 60_000;
/** Imports cycle over this many small datasets: the first round creates, later ones update. */
const importDatasetCount = 40;
const servicesPerImport = 5;

type Session = { cookie: string; csrfToken: string };
type Reply = { status: number; body: unknown };
type Method = 'GET' | 'POST';

type Client = {
  random: Random;
  worker: Session;
  referrer: Session;
  admin: Session;
};

type OperationStats = { times: number[]; errors: number; slow: number };

type Soak = {
  base: string;
  stop: AbortSignal;
  startedAt: number;
  deadline: number;
  stats: Map<string, OperationStats>;
  lastCompletion: number;
  longestGap: number;
  gapStalls: number;
  /** The last completion before a gap already announced, so each gap is told once. */
  announcedGapAfter: number;
  importRounds: number;
  errorSamples: Map<string, number>;
};

const nonEmpty = <T>(items: readonly T[]): [T, ...T[]] => {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('embedded soak: an empty list to pick from');
  return [first, ...rest];
};

const searchPaths = nonEmpty(loadJudgedQueries().map((query) => judgedSearchUrl(query, 20)));

const importDatasets = nonEmpty(
  Array.from({ length: importDatasetCount }, (_, i) =>
    [...generateSyntheticDirectory({ count: servicesPerImport, seed: 9000 + i })].map(
      (listing) => listing.service,
    ),
  ),
);

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function soakMinutes(): number {
  const minutes = Number(process.env.SOAK_MINUTES ?? '30');
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`SOAK_MINUTES must be a positive number of minutes, not ${minutes}`);
  return minutes;
}

// ---------------------------------------------------------------------------------------
// HTTP as the browser speaks it: session cookie, CSRF token and Origin on writes.

function sessionCookie(response: Response): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.includes('passerelle-session='));
  return header?.split(';')[0];
}

async function send(
  soak: Soak,
  session: Session,
  method: Method,
  pathAndQuery: string,
  body?: unknown,
): Promise<Reply> {
  const write = method !== 'GET';
  const response = await fetch(`${soak.base}${pathAndQuery}`, {
    method,
    headers: {
      cookie: session.cookie,
      ...(write ? { origin: soak.base, 'content-type': 'application/json' } : {}),
      ...(write ? { 'x-csrf-token': session.csrfToken } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    // An interrupt is not applied here: a request cut off mid-way keeps its connection busy
    // in the server's eyes, and the app's close would wait for it.
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const renewed = sessionCookie(response);
  if (renewed) session.cookie = renewed;
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function signIn(base: string, email: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const cookie = sessionCookie(response);
  const { csrfToken } = (await response.json()) as { csrfToken?: unknown };
  if (response.status !== 200 || !cookie || typeof csrfToken !== 'string')
    throw new Error(`embedded soak: ${email} could not sign in (${response.status})`);
  return { cookie, csrfToken };
}

// ---------------------------------------------------------------------------------------
// Recording: times per operation, errors, stalls and the gaps between completions.

function statsOf(soak: Soak, operation: string): OperationStats {
  let stats = soak.stats.get(operation);
  if (!stats) {
    stats = { times: [], errors: 0, slow: 0 };
    soak.stats.set(operation, stats);
  }
  return stats;
}

function noteCompletion(soak: Soak, at: number): void {
  const gap = at - soak.lastCompletion;
  soak.longestGap = Math.max(soak.longestGap, gap);
  if (gap > stallMs) soak.gapStalls += 1;
  soak.lastCompletion = Math.max(soak.lastCompletion, at);
}

const soakClock = (soak: Soak): string =>
  `${((performance.now() - soak.startedAt) / 60_000).toFixed(2)} min`;

/** Said as it happens, so a long run's log tells when. */
function announceGap(soak: Soak): void {
  const since = performance.now() - soak.lastCompletion;
  if (since <= stallMs || soak.announcedGapAfter === soak.lastCompletion) return;
  soak.announcedGapAfter = soak.lastCompletion;
  console.log(`  stall at ${soakClock(soak)}: no request completed for ${stallMs / 1000} s`);
}

function record(soak: Soak, operation: string, ms: number, error: string | undefined): void {
  const stats = statsOf(soak, operation);
  stats.times.push(ms);
  if (ms > stallMs) {
    stats.slow += 1;
    console.log(`  stall at ${soakClock(soak)}: ${operation} took ${(ms / 1000).toFixed(1)} s`);
  }
  if (error === undefined) return;
  stats.errors += 1;
  const sample = `${operation}: ${error}`;
  soak.errorSamples.set(sample, (soak.errorSamples.get(sample) ?? 0) + 1);
}

function describeFailure(reply: Reply): string {
  const error = (reply.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return `${reply.status} ${String(error?.code ?? '')} ${String(error?.message ?? '')}`.trim();
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer in ${requestTimeoutMs / 1000} s`;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}

/** One timed request; undefined when it failed (recorded). */
async function request(
  soak: Soak,
  session: Session,
  operation: string,
  method: Method,
  pathAndQuery: string,
  body?: unknown,
): Promise<Reply | undefined> {
  const started = performance.now();
  try {
    const reply = await send(soak, session, method, pathAndQuery, body);
    const ended = performance.now();
    noteCompletion(soak, ended);
    const ok = reply.status >= 200 && reply.status < 300;
    record(soak, operation, ended - started, ok ? undefined : describeFailure(reply));
    return ok ? reply : undefined;
  } catch (error) {
    // A timeout or a broken connection: no answer, so not a completion either.
    record(soak, operation, performance.now() - started, describeError(error));
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// The operations a client does, picked at random by weight.

async function search(soak: Soak, client: Client): Promise<void> {
  await request(soak, client.worker, 'search', 'GET', client.random.pick(searchPaths));
}

async function readCaseload(soak: Soak, client: Client): Promise<void> {
  const assignee = client.random.chance(0.5) ? 'me' : 'all';
  await request(soak, client.worker, 'caseload', 'GET', `/api/cases/caseload?assignee=${assignee}`);
}

const givenNames = nonEmpty([
  'Amélie',
  'Bruno',
  'Chantal',
  'Denis',
  'Élise',
  'Farid',
  'Ginette',
  'Hugo',
  'Isabelle',
  'Kofi',
]);
const familyNames = nonEmpty([
  'Arsenault',
  'Boucher',
  'Campbell',
  'Dubois',
  'Evans',
  'Hébert',
  'Lefebvre',
  'Nguyen',
  'Singh',
]);
/** Referred again and again, so the duplicate check also finds matches. */
const regulars = nonEmpty([
  ['Lucie', 'Bergeron', '1957-03-14'],
  ['Roger', 'Villeneuve', '1949-07-30'],
  ['Abena', 'Mensah', '1988-12-02'],
] as const);
const reasons = nonEmpty(referralReasons.filter((r): r is ReferralReason => r !== 'other'));

function dateOfBirth(random: Random): string {
  const from = Date.UTC(1935, 0, 1);
  return new Date(from + random.int(70 * 365) * 86_400_000).toISOString().slice(0, 10);
}

function person(random: Random): PersonInput {
  const [givenName, familyName, born] = random.chance(0.1)
    ? random.pick(regulars)
    : [random.pick(givenNames), random.pick(familyNames), dateOfBirth(random)];
  return {
    givenName,
    familyName,
    dateOfBirth: born,
    preferredLanguage: random.chance(0.5) ? 'fr' : 'en',
    contactPreference: 'phone',
    phone: `613-555-01${String(random.int(100)).padStart(2, '0')}`,
  };
}

function referralBody(random: Random): CreateReferralInput {
  const first = random.pick(reasons);
  const second = random.pick(reasons);
  return {
    source: 'clinician',
    person: person(random),
    reasons: first === second ? [first] : [first, second],
    urgency: random.pick(urgencies),
    context: 'Soak test referral.',
    consent: {
      givenBy: 'person',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      coversReferral: true,
      coversReferrerUpdates: true,
      coversSharingWithPartners: random.chance(0.7),
    },
  };
}

async function refer(soak: Soak, client: Client): Promise<void> {
  const body = referralBody(client.random);
  await request(soak, client.referrer, 'referral', 'POST', '/api/referrals', body);
}

/** A dataset of the cycle, its descriptions changed so a repeated import updates it. */
function importBody(round: number): DirectoryImportBody {
  const dataset = importDatasets[round % importDatasets.length] ?? importDatasets[0];
  const services: HsdsService[] = dataset.map((service) => ({
    ...service,
    description: `${service.description ?? ''} (${round})`,
  }));
  return { format: 'json', version: '3.1', files: { 'services.json': JSON.stringify(services) } };
}

function jobFailure(job: DirectoryImportJob | undefined, ms: number): string | undefined {
  if (!job) return 'an answer that is not an import job';
  if (job.state === 'running') return `still running after ${(ms / 1000).toFixed(0)} s`;
  if (job.state === 'failed') return `failed: ${job.error?.code ?? ''}`;
  if (job.report?.status !== 'imported')
    return `rejected: ${JSON.stringify(job.report?.issues[0])}`;
  return undefined;
}

/** Starts an import job and polls it to its end; the whole wait is timed as "import job". */
async function importListings(soak: Soak, client: Client): Promise<void> {
  const body = importBody(soak.importRounds++);
  const started = performance.now();
  const jobs = '/api/directory/import-jobs';
  const reply = await request(soak, client.admin, 'import start', 'POST', jobs, body);
  if (!reply) return;
  let job = DirectoryImportJob.safeParse(reply.body).data;
  while (job?.state === 'running' && performance.now() - started < requestTimeoutMs) {
    await delay(importPollMs);
    const polled = await request(soak, client.admin, 'import poll', 'GET', `${jobs}/${job.id}`);
    if (!polled) return;
    job = DirectoryImportJob.safeParse(polled.body).data;
  }
  const ms = performance.now() - started;
  record(soak, 'import job', ms, jobFailure(job, ms));
}

const operations: { weight: number; run: (soak: Soak, client: Client) => Promise<void> }[] = [
  { weight: 50, run: search },
  { weight: 25, run: readCaseload },
  { weight: 20, run: refer },
  { weight: 5, run: importListings },
];
const totalWeight = operations.reduce((sum, o) => sum + o.weight, 0);

function pickOperation(random: Random): (soak: Soak, client: Client) => Promise<void> {
  let roll = random.int(totalWeight);
  for (const operation of operations) {
    if (roll < operation.weight) return operation.run;
    roll -= operation.weight;
  }
  return search;
}

async function runClient(soak: Soak, client: Client): Promise<void> {
  while (performance.now() < soak.deadline && !soak.stop.aborted) {
    await pickOperation(client.random)(soak, client);
  }
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
// Reporting.

const operationOrder = [
  'search',
  'caseload',
  'referral',
  'import start',
  'import poll',
  'import job',
];
const column = (value: string, width: number): string => value.padStart(width);
const ms = (value: number): string => column(value.toFixed(1), 9);

function operationLine(name: string, stats: OperationStats, seconds: number): string {
  const sorted = stats.times.toSorted((a, b) => a - b);
  return [
    name.padEnd(14),
    column(String(sorted.length), 8),
    column(String(stats.errors), 7),
    column((sorted.length / seconds).toFixed(1), 8),
    ms(percentile(sorted, 0.5)),
    ms(percentile(sorted, 0.95)),
    ms(percentile(sorted, 0.99)),
    ms(sorted.at(-1) ?? Number.NaN),
  ].join(' ');
}

/** Every HTTP request, so without "import job", which times a wait made of several. */
function requestTotals(soak: Soak): OperationStats {
  const requests = [...soak.stats].filter(([name]) => name !== 'import job');
  return {
    times: requests.flatMap(([, s]) => s.times),
    errors: requests.reduce((sum, [, s]) => sum + s.errors, 0),
    slow: requests.reduce((sum, [, s]) => sum + s.slow, 0),
  };
}

function stallCount(soak: Soak): number {
  const slow = [...soak.stats.values()].reduce((sum, s) => sum + s.slow, 0);
  return slow + soak.gapStalls;
}

type JobRow = { name: string; running: boolean; finishedAgo: number | null; overdue: number };
type CountRow = { what: string; count: number };

/** Each recurring job: running now or not, seconds since it last finished, seconds overdue. */
function jobStates(database: DatabaseHandle): Promise<JobRow[]> {
  return selectRows<JobRow>(
    database.db,
    sql`select name, running_until is not null as running,
               extract(epoch from now() - last_finished_at)::float as "finishedAgo",
               greatest(0, extract(epoch from now() - next_run_at))::float as overdue
        from scheduled_jobs order by name`,
  );
}

function describeJob(job: JobRow): string {
  const finished =
    job.finishedAgo === null ? 'never finished' : `finished ${job.finishedAgo.toFixed(0)} s ago`;
  const state = job.running
    ? 'running, '
    : job.overdue > 0
      ? `${job.overdue.toFixed(0)} s overdue, `
      : '';
  return `${job.name} ${state}${finished}`;
}

/** The outbox by status and the cases waiting for the report refresh. */
async function queueCounts(database: DatabaseHandle): Promise<Map<string, number>> {
  const rows = await selectRows<CountRow>(
    database.db,
    sql`select 'emails ' || status as what, count(*)::int as count from outbound_emails group by status
        union all select 'report cases queued', count(*)::int from report_dirty_cases`,
  );
  return new Map(rows.map((row) => [row.what, row.count]));
}

/**
 * Whether the recurring jobs kept up: each one's state, the queues since the start, and a
 * warning for a job left waiting over a minute (the runner runs one job at a time).
 */
async function jobLines(database: DatabaseHandle, before: Map<string, number>): Promise<string[]> {
  const jobs = await jobStates(database);
  const after = await queueCounts(database);
  const queues = [...new Set([...before.keys(), ...after.keys()])].map(
    (what) => `${what} ${before.get(what) ?? 0} → ${after.get(what) ?? 0}`,
  );
  const late = jobs.filter((job) => job.overdue > 60);
  return [
    `jobs: ${jobs.map(describeJob).join('; ')}`,
    `queues (start → end): ${queues.join(', ')}`,
    ...(late.length > 0
      ? [`warning: recurring jobs kept waiting: ${late.map(describeJob).join('; ')}`]
      : []),
  ];
}

/** Resident set sizes of this process (app and clients), and its JavaScript heap at the ends. */
type Memory = { start: number; peak: number; end: number; heapStart: number; heapEnd: number };

function printReport(soak: Soak, seconds: number, memory: Memory, loop: IntervalHistogram): void {
  console.log(
    `${'operation'.padEnd(14)} ${column('count', 8)} ${column('errors', 7)} ${column('req/s', 8)} ` +
      `${column('p50 ms', 9)} ${column('p95 ms', 9)} ${column('p99 ms', 9)} ${column('max ms', 9)}`,
  );
  for (const name of operationOrder) {
    const stats = soak.stats.get(name);
    if (stats) console.log(operationLine(name, stats, seconds));
  }
  console.log(operationLine('total requests', requestTotals(soak), seconds));
  console.log(
    `stalls: ${stallCount(soak)} (operations over ${stallMs / 1000} s: ${stallCount(soak) - soak.gapStalls}, ` +
      `gaps over ${stallMs / 1000} s without a completed request: ${soak.gapStalls}); ` +
      `longest gap between completions ${soak.longestGap.toFixed(0)} ms`,
  );
  console.log(
    `event loop delay (app and clients share it): p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, ` +
      `max ${(loop.max / 1e6).toFixed(0)} ms`,
  );
  console.log(
    `rss: start ${megabytes(memory.start)}, peak ${megabytes(memory.peak)}, end ${megabytes(memory.end)} ` +
      `(heap used ${megabytes(memory.heapStart)} → ${megabytes(memory.heapEnd)})`,
  );
  for (const [sample, count] of [...soak.errorSamples].slice(0, 10))
    console.log(`error ×${count}: ${sample}`);
}

async function printProgress(soak: Soak, database: DatabaseHandle): Promise<void> {
  console.log(progressLine(soak));
  const [jobs, queues] = await Promise.all([jobStates(database), queueCounts(database)]);
  const queued = [...queues].map(([what, count]) => `${what} ${count}`).join(', ');
  console.log(`    jobs: ${jobs.map(describeJob).join('; ')}\n    queues: ${queued}`);
}

function progressLine(soak: Soak): string {
  const elapsed = (performance.now() - soak.startedAt) / 1000;
  const totals = requestTotals(soak);
  const since = (performance.now() - soak.lastCompletion) / 1000;
  return (
    `  ${(elapsed / 60).toFixed(1)} min: ${totals.times.length} requests, ${totals.errors} errors, ` +
    `${stallCount(soak)} stalls, last completion ${since.toFixed(1)} s ago, ` +
    `rss ${megabytes(process.memoryUsage.rss())}, heap used ${megabytes(process.memoryUsage().heapUsed)}`
  );
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
