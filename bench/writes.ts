/**
 * The pathway's write path against its ceiling: `npm run bench -- writes`.
 *
 * On the PostgreSQL server (TEST_POSTGRES_URL, default 127.0.0.1:5432), at 8 and 32 clients:
 * referrals created and cases accepted through HTTP, then the same rows written by a plain pg
 * client (the same statements in one transaction, nothing around them). Prints requests/s,
 * p50/p95 and the API's share of the ceiling, then the CPU milliseconds each operation cost
 * the app's process and the database's backends (read from /proc when the server runs on this
 * machine): rates move with whatever else the machine runs, CPU per operation much less.
 * BENCH_SECONDS sets each phase's length (10), BENCH_CLIENTS the client counts (8,32).
 * The load runs in a child process (writes-driver.ts) so it does not take the app's event loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app';
import { refreshReportSummaries } from '../src/server/features/reports';
import { loadConfig } from '../src/server/config';
import type { Database } from '../src/server/db/client';
import { makeAccount, makeSite } from '../test/helpers/factories';
import pg from 'pg';
import { backendCpuMs, ownCpuMs } from './backend-cpu';
import { openEngine, percentile } from './support';
import type { AccountIds, Phase, PhaseResult, Session } from './writes-driver';

const clientCounts = (process.env.BENCH_CLIENTS ?? '8,32').split(',').map(Number);
/** Cases waiting in "new" for each status-change phase: more than the fastest phase uses. */
const casePoolSize = 40_000;

function phaseSeconds(): number {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error('BENCH_SECONDS must be a positive number');
  return seconds;
}

/** How the app's own connections name themselves (PGAPPNAME), so their CPU time can be read. */
const appApplicationName = 'passerelle-bench-app';

type Figures = {
  perSecond: number;
  p50: number;
  p95: number;
  count: number;
  errors: string[];
  /** CPU milliseconds per operation: the app's process (API phases only) and the database's. */
  appCpu: number | null;
  databaseCpu: number | null;
};

function figuresOf(result: PhaseResult, appCpuMs: number | null): Figures {
  const sorted = result.times.toSorted((a, b) => a - b);
  const count = result.times.length;
  const perOperation = (ms: number | null | undefined): number | null =>
    ms === null || ms === undefined || count === 0 ? null : ms / count;
  return {
    perSecond: count / result.seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    count,
    errors: result.errors,
    appCpu: perOperation(appCpuMs),
    databaseCpu: perOperation(result.databaseCpuMs),
  };
}

function drivePhase(driver: ChildProcess, phase: Phase, clients: number): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    driver.once('message', resolve);
    driver.once('error', reject);
    driver.send({ phase, clients, seconds: phaseSeconds() });
  });
}

/**
 * What a phase runs against. `settle` brings the report summaries up to date before each
 * phase: their refresh is a background job (timed off in this app), whose burst would
 * otherwise land on whichever phase its timer fell in, API or ceiling alike.
 */
type Bench = { driver: ChildProcess; probe: pg.Pool; settle: () => Promise<unknown> };

/** A ceiling phase: the driver reads its own connections' CPU time. */
async function runCeiling(bench: Bench, phase: Phase, clients: number): Promise<Figures> {
  await bench.settle();
  return figuresOf(await drivePhase(bench.driver, phase, clients), null);
}

/** An API phase, with the CPU time this process and the app's connections spent on it. */
async function runApi(bench: Bench, phase: Phase, clients: number): Promise<Figures> {
  const { driver, probe } = bench;
  await bench.settle();
  const appBefore = ownCpuMs();
  const databaseBefore = await backendCpuMs(probe, appApplicationName);
  const result = await drivePhase(driver, phase, clients);
  const appCpuMs = ownCpuMs() - appBefore;
  const databaseAfter = await backendCpuMs(probe, appApplicationName);
  const databaseCpuMs =
    databaseBefore === null || databaseAfter === null ? null : databaseAfter - databaseBefore;
  return figuresOf({ ...result, databaseCpuMs }, appCpuMs);
}

async function signIn(base: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken };
}

/** Cases in "new" at the site, each with its own person and history, for status changes to take. */
async function fillCasePool(db: Database, siteId: string, size: number): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    with person as (
      insert into people (site_id, given_name, family_name, date_of_birth, preferred_language, contact_preference)
      select ${siteId}, 'Pool', 'Person ' || n, date '1950-01-01' + (n % 15000), 'en', 'phone'
      from generate_series(1, ${size}) as n
      returning id
    ), opened as (
      insert into cases (reference, person_id, site_id, source, reasons, urgency, status)
      select 'W-' || upper(substr(md5(random()::text), 1, 10)), id, ${siteId}, 'agency', '{money}', 'routine', 'new'
      from person
      returning id
    ), history as (
      insert into case_events (case_id, to_status) select id, 'new' from opened
    )
    select id from opened`);
  return rows.rows.map((row) => row.id);
}

type Line = { operation: string; clients: number; api: Figures; ceiling: Figures };

function formatLine({ operation, clients, api, ceiling }: Line): string {
  const ms = (value: number): string => value.toFixed(1).padStart(6);
  const rate = (value: number): string => value.toFixed(0).padStart(6);
  const errors = api.errors.length + ceiling.errors.length;
  return [
    operation.padEnd(16),
    String(clients).padStart(7),
    rate(api.perSecond),
    ms(api.p50),
    ms(api.p95),
    rate(ceiling.perSecond),
    ms(ceiling.p50),
    ms(ceiling.p95),
    `${((100 * api.perSecond) / ceiling.perSecond).toFixed(0).padStart(5)} %`,
    errors > 0 ? `  ${errors} errors` : '',
  ].join(' ');
}

/** CPU per operation: unlike rates, it holds when other work shares the machine. */
function formatCpuLine({ operation, clients, api, ceiling }: Line): string {
  const ms = (value: number | null): string =>
    (value === null ? 'n/a' : value.toFixed(2)).padStart(8);
  return [
    operation.padEnd(16),
    String(clients).padStart(7),
    ms(api.appCpu),
    ms(api.databaseCpu),
    ms(ceiling.databaseCpu),
  ].join(' ');
}

function printReport(lines: Line[]): void {
  console.log(
    [
      '',
      `                          ----------- API ----------   --- plain pg (ceiling) ---`,
      `operation        clients  req/s  p50 ms  p95 ms        tx/s  p50 ms  p95 ms   API share`,
      ...lines.map(formatLine),
      '',
      `CPU ms per operation     API app  API db  ceiling db`,
      ...lines.map(formatCpuLine),
    ].join('\n'),
  );
  for (const line of lines) {
    const first = line.api.errors[0] ?? line.ceiling.errors[0];
    if (first) console.log(`${line.operation} at ${line.clients}: first error: ${first}`);
  }
}

export async function runWritesBench(): Promise<void> {
  // The app's pool names its connections from the environment (node-postgres reads PGAPPNAME).
  process.env.PGAPPNAME = appApplicationName;
  const { handle, drop, url } = await openEngine('server');
  if (!url) throw new Error('the writes benchmark runs on the PostgreSQL server');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIGN_IN_RATE_PER_MINUTE: '1000',
    // A day: the summaries are refreshed between phases instead (see Bench).
    REPORTS_REFRESH_MS: '86400000',
  });
  const app = await buildApp({ config, database: handle });
  const driver = fork(fileURLToPath(new URL('./writes-driver.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  const probe = new pg.Pool({
    connectionString: url,
    max: 1,
    application_name: 'passerelle-bench-probe',
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const site = await makeSite(handle.db, { defaultLocale: 'fr' });
    const referrer = await makeAccount(handle.db, [{ role: 'referrer', siteId: site.id }]);
    const linkWorker = await makeAccount(handle.db, [{ role: 'link_worker', siteId: site.id }]);
    await makeAccount(handle.db, [{ role: 'link_worker', siteId: site.id }]);
    const ids: AccountIds = {
      siteId: site.id,
      referrerId: referrer.id,
      linkWorkerId: linkWorker.id,
    };
    const referrerSession = await signIn(base, referrer.email, referrer.password);
    const linkWorkerSession = await signIn(base, linkWorker.email, linkWorker.password);
    console.log(`writes: ${handle.description}, ${phaseSeconds()} s a phase`);
    const bench: Bench = { driver, probe, settle: () => refreshReportSummaries(handle.db) };
    const lines: Line[] = [];
    for (const clients of clientCounts) {
      lines.push({
        operation: 'referral create',
        clients,
        api: await runApi(
          bench,
          { kind: 'api-referral', base, session: referrerSession, siteId: site.id },
          clients,
        ),
        ceiling: await runCeiling(bench, { kind: 'sql-referral', url, ids }, clients),
      });
      const apiCases = await fillCasePool(handle.db, site.id, casePoolSize);
      const sqlCases = await fillCasePool(handle.db, site.id, casePoolSize);
      // As autovacuum would have by the time a link worker opens them: rows just written in
      // bulk would otherwise cost their first reader the hint bits and the planner its stats.
      await handle.db.execute(sql`vacuum analyze people, cases, case_events`);
      lines.push({
        operation: 'case accept',
        clients,
        api: await runApi(
          bench,
          { kind: 'api-status', base, session: linkWorkerSession, caseIds: apiCases },
          clients,
        ),
        ceiling: await runCeiling(
          bench,
          { kind: 'sql-status', url, ids, caseIds: sqlCases },
          clients,
        ),
      });
    }
    printReport(lines);
  } finally {
    driver.kill();
    await probe.end();
    await app.close();
    await drop();
  }
}
