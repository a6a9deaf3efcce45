/**
 * What the retention job would anonymise now, without anonymising anything:
 *   npm run retention:report
 * Counts per site and in all, never a name or a case reference (the output may end up in a
 * log); the administrators' screen (/admin/retention) lists the case references.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { retentionReport } from '../features/person-record';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const report = await retentionReport(database.db);
    if (report.retentionYears === null) {
      console.log('No retention period is set: the retention job anonymises nothing.');
      return;
    }
    console.log(
      `Retention period: ${report.retentionYears} years. The next run would anonymise ` +
        `${report.people} people (${report.cases} cases).`,
    );
    for (const site of report.sites) {
      console.log(`  ${site.siteName}: ${site.people} people, ${site.cases} cases`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
