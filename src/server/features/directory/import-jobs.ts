import { randomUUID } from 'node:crypto';
import type { DirectoryImportJob } from '../../../shared/contracts/directory';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import type { HsdsFile, HsdsVersion } from './hsds';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { canManageDirectory } from './directory-policy';
import { importDirectory } from './directory-service';

/** Finished jobs kept for their reports; older ones are forgotten. */
const keptJobs = 20;

type Job = DirectoryImportJob;

/*
 * Import jobs live in the memory of the process that runs them: a job is watched by the
 * administrator who started it, for minutes, and its outcome is also in the audit trail
 * and the directory itself. Jobs are kept per database so test apps never see each other's.
 */
const jobsByDatabase = new WeakMap<Database, Map<string, Job>>();

function jobsOf(db: Database): Map<string, Job> {
  let jobs = jobsByDatabase.get(db);
  if (!jobs) {
    jobs = new Map();
    jobsByDatabase.set(db, jobs);
  }
  return jobs;
}

function publicView(job: Job): DirectoryImportJob {
  return { ...job };
}

/** Starts an import in the background and answers at once with the job to watch. */
export function startImportJob(
  db: Database,
  actor: Actor,
  input: { files: HsdsFile[]; version?: HsdsVersion | undefined; locale?: Locale },
  options: { locale: Locale; logFailure: (error: unknown) => void },
): DirectoryImportJob {
  if (!canManageDirectory(actor)) throw forbidden();
  if (input.files.length === 0) throw new AppError('directory_import_empty', { field: 'files' });
  const jobs = jobsOf(db);
  const job: Job = {
    id: randomUUID(),
    state: 'running',
    phase: 'read',
    done: 0,
    total: input.files.length,
    file: null,
    report: null,
    error: null,
  };
  jobs.set(job.id, job);
  for (const old of [...jobs.values()].filter((j) => j.state !== 'running').slice(0, -keptJobs)) {
    jobs.delete(old.id);
  }
  // Started after this tick, so the caller gets its answer before the work begins.
  setImmediate(() => {
    importDirectory(db, actor, input, (done, total, phase, step) => {
      job.phase = phase;
      job.done = done;
      job.total = total;
      job.file = phase === 'read' ? (step?.file ?? null) : null;
    }).then(
      (report) => {
        job.report = report;
        job.phase = 'done';
        job.state = 'finished';
      },
      (error: unknown) => {
        const code = error instanceof AppError ? error.code : 'internal';
        if (code === 'internal') options.logFailure(error);
        const t = translatorFor(options.locale);
        job.error = { code, message: t(code) };
        job.phase = 'done';
        job.state = 'failed';
      },
    );
  });
  return publicView(job);
}

export function readImportJob(db: Database, actor: Actor, id: string): DirectoryImportJob {
  if (!canManageDirectory(actor)) throw forbidden();
  const job = jobsOf(db).get(id);
  if (!job) throw notFound();
  return publicView(job);
}
