/**
 * The one test command: format, lint, typecheck, unit and integration tests on PGlite and
 * on the PostgreSQL server, then browser journeys in Debian's Chromium. A suite that cannot
 * run here is named in one line and the rest still runs; under CI it counts as a failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';

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

async function runVitest(): Promise<void> {
  const projects = ['unit', 'integration:pglite'];
  const problem = await postgresProblem();
  if (problem) cannotRun('Integration tests on the PostgreSQL server', problem);
  else projects.push('integration:postgres');
  const report = `${outputDir}/vitest.json`;
  fs.rmSync(report, { force: true });
  const ok = run('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])]);
  const counts = readJson<{ numPassedTests: number; numFailedTests: number }>(report);
  outcomes.push({
    name: `Unit and integration tests (${projects.join(', ')})`,
    passed: counts?.numPassedTests ?? 0,
    failed: counts ? counts.numFailedTests + (ok ? 0 : counts.numFailedTests === 0 ? 1 : 0) : 1,
  });
}

/** A port nothing else listens on, so a server left running elsewhere cannot stand in for ours. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 4173));
    });
  });
}

async function runBrowser(): Promise<void> {
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
  const ok = run('npx', ['playwright', 'test'], { PLAYWRIGHT_PORT: String(await freePort()) });
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
  await runVitest();
  await runBrowser();

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
