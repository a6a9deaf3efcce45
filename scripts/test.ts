/**
 * The one test command: format, lint, typecheck, unit and integration tests on PGlite and
 * on the PostgreSQL server, then browser journeys in Debian's Chromium, their app on that
 * server. A suite that cannot run here is named in one line and the rest still runs; under
 * CI it counts as a failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { dropDatabase } from './postgres-admin';

type Outcome = { name: string; passed: number; failed: number; note?: string };

const ci = process.env.CI === 'true' || process.env.CI === '1';
const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outputDir = '.test-output';
const outcomes: Outcome[] = [];

// A suite that hangs fails with a clear line instead of running until CI's own limit.
const stepLimitMs = 30 * 60_000;

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    timeout: stepLimitMs,
    killSignal: 'SIGKILL',
  });
  if (result.error) console.log(`✗ ${command} ${args[0] ?? ''} stopped: ${result.error.message}`);
  return result.status === 0;
}

function check(name: string, command: string, args: string[]): void {
  const ok = run(command, args);
  outcomes.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

function cannotRun(name: string, why: string): void {
  const line = `${name} cannot run here: ${why}`;
  console.log(
    `\n⚠ ${line}${ci ? ' (required in CI: counted as a failure)' : ' (skipped on this machine)'}`,
  );
  outcomes.push({ name, passed: 0, failed: ci ? 1 : 0, note: line });
}

async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `no PostgreSQL server answers at ${new URL(postgresUrl).host} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

type VitestReport = {
  testResults: { name: string; assertionResults: { status: string }[] }[];
};
type Tally = { passed: number; failed: number };

/**
 * Passed and failed tests of a Vitest JSON report. A file named in `ended` is left out where
 * it never finished (tests still pending): the same file on the other engine still counts.
 */
function tally(report: VitestReport | undefined, ended: Set<string> = new Set()): Tally {
  const unfinished = (f: VitestReport['testResults'][number]): boolean =>
    ended.has(f.name) && f.assertionResults.some((a) => a.status === 'pending');
  const results = (report?.testResults ?? []).filter((f) => !unfinished(f));
  const all = results.flatMap((f) => f.assertionResults);
  return {
    passed: all.filter((a) => a.status === 'passed').length,
    failed: all.filter((a) => a.status === 'failed').length,
  };
}

/** Files test/helpers/hang-watchdog.ts ended because their thread stopped answering, by engine. */
function readHungFiles(file: string): Map<string, string[]> {
  const byEngine = new Map<string, string[]>();
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  for (const line of lines.filter((l) => l.trim() !== '')) {
    const [engine = '', testFile = ''] = line.split(' ');
    byEngine.set(engine, [...(byEngine.get(engine) ?? []), testFile]);
  }
  return byEngine;
}

/**
 * A file that hung (a rare PGlite spin, see hang-watchdog.ts) runs once more on its own;
 * its tests count from that run. A second hang, or any other failure, stays a failure.
 */
function rerunHungFiles(hung: Map<string, string[]>): { ok: boolean; tally: Tally } {
  const names = [...hung.entries()].map(([engine, files]) => `${files.join(', ')} (${engine})`);
  console.log(`\n⚠ Stopped answering and ended: ${names.join('; ')}. Running once more.`);
  const total: Tally = { passed: 0, failed: 0 };
  let ok = true;
  for (const [engine, files] of hung) {
    const report = `${outputDir}/vitest-rerun-${engine}.json`;
    fs.rmSync(report, { force: true });
    const args = ['run', '--project', `integration:${engine}`, `--outputFile.json=${report}`];
    const passed = run('npx', ['vitest', ...args, ...files]);
    const counts = tally(readJson<VitestReport>(report));
    total.passed += counts.passed;
    total.failed += counts.failed + (passed || counts.failed > 0 ? 0 : 1);
    ok &&= passed;
  }
  return { ok, tally: total };
}

async function runVitest(problem: string | undefined): Promise<void> {
  const projects = ['unit', 'integration:pglite'];
  if (problem) cannotRun('Integration tests on the PostgreSQL server', problem);
  else projects.push('integration:postgres');
  const report = `${outputDir}/vitest.json`;
  const hungFilesPath = `${outputDir}/hung-files.txt`;
  fs.rmSync(report, { force: true });
  fs.rmSync(hungFilesPath, { force: true });
  const ok = run('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])]);
  const hung = readHungFiles(hungFilesPath);
  const hungPaths = new Set([...hung.values()].flat().map((f) => path.resolve(f)));
  const first = tally(readJson<VitestReport>(report), hungPaths);
  const rerun =
    hung.size > 0 ? rerunHungFiles(hung) : { ok: true, tally: { passed: 0, failed: 0 } };
  const failed = first.failed + rerun.tally.failed;
  // A run that failed without a failed test (a crash, an unhandled error) counts as one failure.
  const unexplained = !ok && hung.size === 0 && failed === 0 ? 1 : 0;
  outcomes.push({
    name: `Unit and integration tests (${projects.join(', ')})`,
    passed: first.passed + rerun.tally.passed,
    failed: failed + unexplained + (rerun.ok ? 0 : rerun.tally.failed === 0 ? 1 : 0),
  });
}

/**
 * Ports nothing else listens on, all different (each is held until all are found), so a
 * server left running elsewhere cannot stand in for ours.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (typeof address === 'object' && address) resolve(address.port);
            else reject(new Error('no port'));
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

/** The browser journeys' own database on the PostgreSQL server, recreated for each run. */
function browserDatabaseUrl(port: number): string {
  const url = new URL(postgresUrl);
  url.pathname = `/passerelle_browser_${port}`;
  return url.toString();
}

async function runBrowser(postgresMissing: boolean): Promise<void> {
  if (!fs.existsSync(chromiumPath)) {
    cannotRun('Browser tests', `no Chromium at ${chromiumPath} (apt-get install -y chromium)`);
    return;
  }
  if (!run('npx', ['vite', 'build', '--logLevel', 'warn'])) {
    outcomes.push({ name: 'Web build', passed: 0, failed: 1 });
    return;
  }
  const report = `${outputDir}/playwright.json`;
  fs.rmSync(report, { force: true });
  const [port = 4173, smtpPort = 14173, mailPort = 24173] = await freePorts(3);
  // Without a server the journeys run on the embedded database (serve-browser-app.ts).
  const database: Record<string, string> = postgresMissing
    ? {}
    : { BROWSER_DATABASE_URL: browserDatabaseUrl(port) };
  const ports = {
    PLAYWRIGHT_PORT: String(port),
    PLAYWRIGHT_SMTP_PORT: String(smtpPort),
    PLAYWRIGHT_MAIL_PORT: String(mailPort),
  };
  const ok = run('npx', ['playwright', 'test'], { ...ports, ...database });
  // The journeys' database goes once they end, so runs do not pile databases up on the server.
  const used = database.BROWSER_DATABASE_URL;
  if (used) {
    await dropDatabase(used).catch((error: unknown) =>
      console.log(`⚠ could not drop the journeys' database: ${(error as Error).message}`),
    );
  }
  const stats = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(
    report,
  )?.stats;
  outcomes.push({
    name: 'Browser tests (Playwright, Chromium)',
    passed: stats ? stats.expected + stats.flaky : 0,
    failed: stats ? stats.unexpected + (ok || stats.unexpected > 0 ? 0 : 1) : 1,
  });
}

async function main(): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  check('Format (prettier)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
  check('Lint (eslint)', 'npx', ['eslint', '.']);
  check('Typecheck (tsc)', 'npx', ['tsc', '--noEmit', '-p', '.']);
  const postgres = await postgresProblem();
  await runVitest(postgres);
  await runBrowser(postgres !== undefined);

  console.log('\nSummary');
  for (const o of outcomes) {
    const mark = o.failed > 0 ? '✗' : o.note ? '–' : '✓';
    console.log(`  ${mark} ${o.name}: ${o.note ?? `${o.passed} passed, ${o.failed} failed`}`);
  }
  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
