import { registerRecurringJob } from '../../platform/jobs';
import { deleteExpired } from './systems-queries';

export const systemsPurgeJob = 'systems.purge';

// Spent assertions are kept only while a replay could still pass the time checks.
registerRecurringJob(systemsPurgeJob, 10 * 60_000, async (db) => {
  await deleteExpired(db, new Date());
});
