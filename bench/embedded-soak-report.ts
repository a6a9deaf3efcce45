/** The embedded soak's report: timings per operation, stalls, memory and the recurring jobs. */
import type { IntervalHistogram } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, selectRows } from '../src/server/db/client';
import { type OperationStats, type Soak, stallMs } from './embedded-soak-requests';
import { percentile } from './support';

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

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
export function requestTotals(soak: Soak): OperationStats {
  const requests = [...soak.stats].filter(([name]) => name !== 'import job');
  return {
    times: requests.flatMap(([, s]) => s.times),
    errors: requests.reduce((sum, [, s]) => sum + s.errors, 0),
    slow: requests.reduce((sum, [, s]) => sum + s.slow, 0),
  };
}

export function stallCount(soak: Soak): number {
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
export async function queueCounts(database: DatabaseHandle): Promise<Map<string, number>> {
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
export async function jobLines(
  database: DatabaseHandle,
  before: Map<string, number>,
): Promise<string[]> {
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
export type Memory = {
  start: number;
  peak: number;
  end: number;
  heapStart: number;
  heapEnd: number;
};

export function printReport(
  soak: Soak,
  seconds: number,
  memory: Memory,
  loop: IntervalHistogram,
): void {
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

export async function printProgress(soak: Soak, database: DatabaseHandle): Promise<void> {
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
