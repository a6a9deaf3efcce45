import { sql } from 'drizzle-orm';
import { type Database, selectRows } from '../db/client';

/** Makes sure the job has its row, and that a shorter interval than last time takes effect now. */
export async function ensureJobRow(db: Database, name: string, everyMs: number): Promise<void> {
  await db.execute(sql`
    insert into scheduled_jobs (name, next_run_at) values (${name}, now())
    on conflict (name) do update
      set next_run_at = least(scheduled_jobs.next_run_at, now() + ${everyMs} * interval '1 millisecond')`);
}

/**
 * Claims the job's next run if it is due and no process is running it: one UPDATE, so of two
 * processes asking at once exactly one gets it.
 */
export async function claimDueJob(
  db: Database,
  name: string,
  everyMs: number,
  leaseMs: number,
): Promise<boolean> {
  const rows = await selectRows<{ name: string }>(
    db,
    sql`
      update scheduled_jobs
         set next_run_at = now() + ${everyMs} * interval '1 millisecond',
             running_until = now() + ${leaseMs} * interval '1 millisecond'
       where name = ${name}
         and next_run_at <= now()
         and (running_until is null or running_until < now())
      returning name`,
  );
  return rows.length > 0;
}

export async function finishJobRun(db: Database, name: string): Promise<void> {
  await db.execute(sql`
    update scheduled_jobs set running_until = null, last_finished_at = now() where name = ${name}`);
}
