import type { Database } from '../../db/client';
import { registerRecurringJob } from '../../platform/jobs';
import {
  rebuildSummaries,
  refreshQueuedCases,
  selectNeverRefreshed,
} from './report-summaries-queries';

/** The recurring job that keeps the report summaries current (tests: t.runJob(name)). */
export const reportsRefreshJob = 'reports.refresh';

/**
 * Brings the report summaries up to date: the first time a full rebuild, then only the
 * cases changed since (the triggers queue them). Returns how many cases were rewritten, or
 * null for a full rebuild.
 */
export async function refreshReportSummaries(db: Database): Promise<number | null> {
  if (await selectNeverRefreshed(db)) {
    await rebuildSummaries(db);
    return null;
  }
  return refreshQueuedCases(db);
}

export { rebuildSummaries };

registerRecurringJob(
  reportsRefreshJob,
  (config) => config.reports.refreshMs,
  async (db, _config, log) => {
    const rewritten = await refreshReportSummaries(db);
    if (rewritten !== 0)
      log.info({ job: reportsRefreshJob, rewritten }, 'report summaries refreshed');
  },
);
