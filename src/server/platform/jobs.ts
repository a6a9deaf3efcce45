import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { claimDueJob, ensureJobRow, finishJobRun } from './jobs-queries';

/** Where a job logs: kinds and ids, never personal data. */
export type JobLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** What a recurring job does on each run; it opens its own transactions. */
export type JobHandler = (db: Database, config: Config, log: JobLog) => Promise<void>;

type RecurringJob = {
  name: string;
  /** Milliseconds between runs, fixed or read from the settings. */
  everyMs: number | ((config: Config) => number);
  handler: JobHandler;
};

const registry = new Map<string, RecurringJob>();

/**
 * Declares a job the app runs every `everyMs` (once per interval across all processes sharing
 * the database). Call it at module load of the feature that owns the job; registering the
 * same name again replaces the job, so reloading a module does not run it twice.
 */
export function registerRecurringJob(
  name: string,
  everyMs: RecurringJob['everyMs'],
  handler: JobHandler,
): void {
  registry.set(name, { name, everyMs, handler });
}

export function recurringJobNames(): string[] {
  return [...registry.keys()];
}

/** Runs one job now, whether due or not (tests, and a future admin "run now"). */
export async function runRecurringJob(
  name: string,
  db: Database,
  config: Config,
  log: JobLog = silentLog,
): Promise<void> {
  const job = registry.get(name);
  if (!job) throw new Error(`No recurring job named ${name}`);
  await job.handler(db, config, log);
}

const silentLog: JobLog = pino({ level: 'silent' });

export type JobRunner = {
  /** Stops the timer and waits for the run under way, if any. */
  stop(): Promise<void>;
};

/** A run that outlives this is taken over by another process: it must have died. */
const leaseMs = 15 * 60_000;

function intervalOf(job: RecurringJob, config: Config): number {
  return typeof job.everyMs === 'function' ? job.everyMs(config) : job.everyMs;
}

/**
 * Polls for due jobs and runs them one after the other. A tick that finds the previous one
 * still running does nothing, so a slow job never piles up runs.
 */
export function startJobRunner(options: {
  db: Database;
  config: Config;
  log: JobLog;
  /** Told of each run's end (for /metrics). */
  onFinished?: (job: string, outcome: 'ok' | 'failed', seconds: number) => void;
}): JobRunner {
  const { db, config, log, onFinished } = options;
  const jobs = [...registry.values()];
  const tickMs = Math.min(1_000, ...jobs.map((job) => intervalOf(job, config)));
  let running: Promise<void> | undefined;
  let stopped = false;
  let prepared = false;

  const runDueJobs = async (): Promise<void> => {
    if (!prepared) {
      for (const job of jobs) await ensureJobRow(db, job.name, intervalOf(job, config));
      prepared = true;
    }
    for (const job of jobs) {
      if (stopped) return;
      if (!(await claimDueJob(db, job.name, intervalOf(job, config), leaseMs))) continue;
      const started = performance.now();
      try {
        await job.handler(db, config, log);
        onFinished?.(job.name, 'ok', (performance.now() - started) / 1000);
      } catch (error) {
        log.error({ job: job.name, err: error }, 'recurring job failed');
        onFinished?.(job.name, 'failed', (performance.now() - started) / 1000);
      } finally {
        await finishJobRun(db, job.name);
      }
    }
  };

  const tick = (): void => {
    if (running || stopped) return;
    running = runDueJobs()
      .catch((error: unknown) => log.error({ err: error }, 'job runner tick failed'))
      .finally(() => {
        running = undefined;
      });
  };

  const timer = setInterval(tick, tickMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
