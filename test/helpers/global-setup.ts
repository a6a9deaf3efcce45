import type { TestProject } from 'vitest/node';
import { withAdminClient } from './database';

/** Says which engine this suite runs on, and fails at once if the PostgreSQL server is not there. */
export default async function setup(project: TestProject): Promise<void> {
  if (project.config.env.TEST_DATABASE !== 'postgres') {
    console.log('Integration suite engine: PGlite (embedded PostgreSQL, in memory)');
    return;
  }
  const version = await withAdminClient(async (client) => {
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
  console.log(`Integration suite engine: PostgreSQL server ${version}`);
}
