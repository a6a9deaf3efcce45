import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/client';
import { createDatabase, databaseUrl, dropDatabase } from '../../scripts/postgres-admin';

/** The server the suite runs on (global-setup.ts picks it); each test file gets a database there. */
export function testServerUrl(): string {
  return inject('postgresUrl');
}

/** A fresh, migrated database on the suite's server; closing it drops it. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = databaseUrl(testServerUrl(), `passerelle_test_${randomBytes(6).toString('hex')}`);
  await createDatabase(url);
  const handle = await openDatabase({ kind: 'server', url });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropDatabase(url);
    },
  };
}
