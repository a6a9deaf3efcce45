import { registerRecurringJob } from '../../platform/jobs';
import { runRetention } from './person-record-service';

export const retentionJob = 'records.retention';

// Once a day is enough for a period counted in years; it does nothing until one is set.
registerRecurringJob(retentionJob, 24 * 60 * 60_000, async (db, _config, log) => {
  await runRetention(db, log);
});
