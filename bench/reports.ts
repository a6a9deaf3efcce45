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
import { rebuildSummaries } from '../src/server/features/reports';
import { type Engine, type Server, openEngine, percentile, startServer } from './support';
import { type SyntheticSizes, loadSyntheticProgramme } from './synthetic-programme';

async function time(server: Server, path: string, runs: number): Promise<string> {
  await server.get(path); // warm up
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const { status } = await server.get(path);
    times.push(performance.now() - started);
    if (status !== 200) throw new Error(`${path}: ${status}`);
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

export async function runReportsBench(): Promise<void> {
  const plan: [Engine, number[]][] = [
    ['server', sizesOf('REPORTS_BENCH_SERVER', '10000,100000,1000000')],
    ['embedded', sizesOf('REPORTS_BENCH_EMBEDDED', '10000,100000')],
  ];
  const runs = Number(process.env.REPORTS_BENCH_RUNS ?? '7');
  console.log(`reports: programme dashboard and instrument change, ${runs} runs after a warm-up`);
  for (const [engine, sizes] of plan) {
    for (const size of sizes) {
      const { handle, drop } = await openEngine(engine);
      try {
        const loadStart = performance.now();
        const tables = await loadSyntheticProgramme(handle.db, size);
        const loadSeconds = (performance.now() - loadStart) / 1000;
        console.log(
          `${engine} ${size.toLocaleString('en')} referrals loaded in ${loadSeconds.toFixed(1)} s: ${describeSizes(tables)}`,
        );
        // The reports read summaries: time their full, set-based rebuild (what a new
        // installation's first refresh does; later refreshes take only the changed cases).
        const rebuildStart = performance.now();
        await rebuildSummaries(handle.db);
        const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
        console.log(`  summaries rebuilt in ${rebuildSeconds.toFixed(1)} s`);
        const server = await startServer(handle, 'evaluator');
        try {
          console.log(
            `  dashboard  ${await time(server, '/api/reports/dashboard?period=2025', runs)}`,
          );
          console.log(
            `  outcomes   ${await time(server, '/api/reports/outcomes?period=2025', runs)}`,
          );
          console.log(`  export     ${await timeExport(server)}`);
        } finally {
          await server.close();
        }
      } finally {
        await drop();
      }
    }
  }
}
