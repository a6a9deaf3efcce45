/**
 * The one test command: format, lint, typecheck, unit tests, integration tests and the
 * embedded engine's own suite, then browser journeys in Debian's Chromium. The integration
 * tests and the journeys run on the PostgreSQL server at TEST_POSTGRES_URL when it answers,
 * otherwise on an embedded cluster started once for the run. A suite that cannot run here
 * is named in one line and the rest still runs; under CI it counts as a failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { databaseUrl, dropDatabase, openTestServer } from './postgres-admin';

type Outcome = { name: string; passed: number; failed: number; note?: string };

const ci = process.env.CI === 'true' || process.env.CI === '1';
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

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

type VitestReport = {
  testResults: { assertionResults: { status: string }[] }[];
};

function tally(report: VitestReport | undefined): { passed: number; failed: number } {
  const all = (report?.testResults ?? []).flatMap((f) => f.assertionResults);
  return {
    passed: all.filter((a) => a.status === 'passed').length,
    failed: all.filter((a) => a.status === 'failed').length,
  };
}

function runVitest(postgresUrl: string): void {
  const report = `${outputDir}/vitest.json`;
  fs.rmSync(report, { force: true });
  const ok = run('npx', ['vitest', 'run'], { TEST_POSTGRES_URL: postgresUrl });
  const counts = tally(readJson<VitestReport>(report));
  // A run that failed without a failed test (a crash, an unhandled error) counts as one failure.
  const unexplained = !ok && counts.failed === 0 ? 1 : 0;
  outcomes.push({
    name: 'Unit, integration and embedded engine tests (Vitest)',
    passed: counts.passed,
    failed: counts.failed + unexplained,
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

async function runBrowser(postgresUrl: string): Promise<void> {
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
  // The journeys' own database, made afresh by serve-browser-app.ts.
  const browserUrl = databaseUrl(postgresUrl, `passerelle_browser_${port}`);
  const ports = {
    PLAYWRIGHT_PORT: String(port),
    PLAYWRIGHT_SMTP_PORT: String(smtpPort),
    PLAYWRIGHT_MAIL_PORT: String(mailPort),
  };
  const ok = run('npx', ['playwright', 'test'], { ...ports, BROWSER_DATABASE_URL: browserUrl });
  // The journeys' database goes once they end, so runs do not pile databases up on the server.
  await dropDatabase(browserUrl).catch((error: unknown) =>
    console.log(`⚠ could not drop the journeys' database: ${(error as Error).message}`),
  );
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
  const server = await openTestServer();
  console.log(`\nDatabase for the tests: ${server.description}`);
  try {
    runVitest(server.url);
    await runBrowser(server.url);
  } finally {
    await server.stop();
  }

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
