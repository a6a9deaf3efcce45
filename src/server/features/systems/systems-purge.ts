import { registerRecurringJob } from '../../platform/jobs';
import { deleteExpiredKeys, deleteExpiredStaged } from './received-resources-queries';
import { deleteExpired } from './systems-queries';

export const systemsPurgeJob = 'systems.purge';

// Spent assertions are kept only while a replay could still pass the time checks; a body
// hash answers repeats for a week; what was staged and never made a referral goes after a day.
registerRecurringJob(systemsPurgeJob, 10 * 60_000, async (db) => {
  const now = new Date();
  await deleteExpired(db, now);
  await deleteExpiredKeys(db, now);
  await deleteExpiredStaged(db, now);
});
