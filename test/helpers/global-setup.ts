import type { TestProject } from 'vitest/node';
import { openTestServer } from '../../scripts/postgres-admin';

declare module 'vitest' {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Picks the PostgreSQL the integration suite runs on, says which, and stops it at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await openTestServer();
  console.log(`Integration suite database: ${server.description}`);
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
