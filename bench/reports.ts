/**
 * Reports benchmark: loads a synthetic programme (bench/synthetic-programme.ts) into a
 * scratch database on the PostgreSQL server and into the embedded engine (both created and
 * dropped here), then times the programme dashboard and the instrument-change figures over
 * real HTTP, as an evaluator.
 * REPORTS_BENCH_SERVER=10000,100000,1000000 and REPORTS_BENCH_EMBEDDED=10000,100000 pick the
 * sizes (those are the defaults; an empty value skips the engine); REPORTS_BENCH_RUNS the runs.
 * The reports read summaries (report_case_facts and the monthly sums): after the load, the
 * full rebuild of the summaries is timed, then the two reports, then one research export.
 */
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, selectRows } from '../src/server/db/client';
import { rebuildSummaries } from '../src/server/features/reports';
import {
  type Engine,
  type Server,
  openEngine,
  openKeptDatabase,
  percentile,
  startServer,
} from './support';
import { type SyntheticSizes, loadSyntheticProgramme } from './synthetic-programme';

/** What an evaluator opens, as the requests its screen makes at once. */
const screens: [string, string[]][] = [
  ['dashboard', ['/api/reports/dashboard?period=2025']],
  ['outcomes', ['/api/reports/outcomes?period=2025']],
  ['outcomes by measurement date', ['/api/reports/outcomes?period=2025&window=measurement']],
  ...(['area', 'reason', 'age_band', 'site'] as const).map((dimension): [string, string[]] => [
    `outcomes by ${dimension}`,
    [`/api/reports/outcomes/groups?period=2025&dimension=${dimension}`],
  ]),
  ['gap map', ['/api/reports/gap-map?period=2025']],
  ['programme report', ['/api/reports/dashboard?period=2025', '/api/reports/outcomes?period=2025']],
  ['programme report as PDF', ['/api/reports/programme.pdf?period=2025']],
];

/** Median and 95th centile of a screen's time: all its requests at once, until the last ends. */
async function time(server: Server, paths: readonly string[], runs: number): Promise<string> {
  const open = async (): Promise<void> => {
    // JSON answers are parsed as the page would; a PDF is read to its end.
    const read = async (path: string): Promise<number> =>
      (path.includes('.pdf') ? await server.download(path) : await server.get(path)).status;
    const statuses = await Promise.all(paths.map(read));
    const failed = statuses.findIndex((status) => status !== 200);
    if (failed >= 0) throw new Error(`${paths[failed]}: ${statuses[failed]}`);
  };
  await open(); // warm up
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await open();
    times.push(performance.now() - started);
  }
  const sorted = times.toSorted((a, b) => a - b);
  const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
  return `median ${fmt(percentile(sorted, 0.5))}  p95 ${fmt(percentile(sorted, 0.95))}`;
}

/**
 * One research export, read to its end: its time, its size, and how far it raised this
 * process's peak memory (the server runs in it), which a streamed export keeps flat.
 */
async function timeExport(server: Server): Promise<string> {
  const peakBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const { status, bytes } = await server.download('/api/reports/export.csv');
  if (status !== 200) throw new Error(`export: ${status}`);
  const seconds = (performance.now() - started) / 1000;
  const peakRise = (process.resourceUsage().maxRSS - peakBefore) / 1024;
  const megabytes = bytes / 1024 / 1024;
  return `${seconds.toFixed(1)} s for ${megabytes.toFixed(1)} MB of CSV; peak memory +${peakRise.toFixed(0)} MB`;
}

function sizesOf(name: string, fallback: string): number[] {
  return (process.env[name] ?? fallback)
    .split(',')
    .filter((part) => part.trim() !== '')
    .map(Number);
}

function describeSizes(sizes: SyntheticSizes): string {
  return Object.entries(sizes)
    .map(([table, rows]) => `${table} ${rows.toLocaleString('en')}`)
    .join(', ');
}

/** Loads a programme, rebuilds its summaries and times each screen (and the export, if asked). */
async function benchProgramme(
  handle: DatabaseHandle,
  label: string,
  programme: { referrals: number; years?: number; loaded?: boolean },
  options: { runs: number; exportToo: boolean },
): Promise<void> {
  if (!programme.loaded) {
    const loadStart = performance.now();
    const tables = await loadSyntheticProgramme(handle.db, programme.referrals, programme.years);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    console.log(`${label} loaded in ${loadSeconds.toFixed(1)} s: ${describeSizes(tables)}`);
  }
  // The reports read summaries: time their full, set-based rebuild (what a new
  // installation's first refresh does; later refreshes take only the changed cases).
  if (programme.loaded && process.env.REPORTS_BENCH_REBUILD === '0') {
    console.log('  summaries kept from the last run (REPORTS_BENCH_REBUILD=0)');
  } else {
    const rebuildStart = performance.now();
    await rebuildSummaries(handle.db);
    const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
    console.log(`  summaries rebuilt in ${rebuildSeconds.toFixed(1)} s`);
  }
  const server = await startServer(handle, 'evaluator');
  try {
    for (const [name, paths] of screens)
      console.log(`  ${name.padEnd(30)} ${await time(server, paths, options.runs)}`);
    if (options.exportToo) console.log(`  ${'export'.padEnd(30)} ${await timeExport(server)}`);
  } finally {
    await server.close();
  }
}

const runsOf = (): number => Number(process.env.REPORTS_BENCH_RUNS ?? '7');

export async function runReportsBench(): Promise<void> {
  const plan: [Engine, number[]][] = [
    ['server', sizesOf('REPORTS_BENCH_SERVER', '10000,100000,1000000')],
    ['embedded', sizesOf('REPORTS_BENCH_EMBEDDED', '10000,100000')],
  ];
  const runs = runsOf();
  console.log(`reports: an evaluator's screens, ${runs} runs after a warm-up`);
  for (const [engine, sizes] of plan) {
    for (const size of sizes) {
      const { handle, drop } = await openEngine(engine);
      try {
        const label = `${engine} ${size.toLocaleString('en')} referrals`;
        await benchProgramme(handle, label, { referrals: size }, { runs, exportToo: true });
      } finally {
        await drop();
      }
    }
  }
}

const nationalReferrals = 6_500_000;

/**
 * Five years of a national programme (England refers about 1.3 million people a year):
 * 6.5 million referrals and about 20 million measurements on the PostgreSQL server, loaded
 * in about an hour on two cores. REPORTS_BENCH_DATABASE=<url> keeps the programme in that
 * database (loaded on the first run, reused after) instead of a scratch one, and with it
 * REPORTS_BENCH_REBUILD=0 keeps its summaries too (no 20-minute rebuild).
 */
export async function runNationalReportsBench(): Promise<void> {
  const runs = runsOf();
  const kept = process.env.REPORTS_BENCH_DATABASE;
  console.log(`reports-national: an evaluator's screens, ${runs} runs after a warm-up`);
  const label = `server ${nationalReferrals.toLocaleString('en')} referrals over 5 years`;
  if (!kept) {
    const { handle, drop } = await openEngine('server');
    try {
      await benchProgramme(
        handle,
        label,
        { referrals: nationalReferrals, years: 5 },
        { runs, exportToo: false },
      );
    } finally {
      await drop();
    }
    return;
  }
  const handle = await openKeptDatabase(kept);
  try {
    const loaded =
      (await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from cases`))[0]
        ?.n ?? 0;
    await benchProgramme(
      handle,
      label,
      { referrals: nationalReferrals, years: 5, loaded: loaded > 0 },
      { runs, exportToo: false },
    );
  } finally {
    await handle.close();
  }
}
