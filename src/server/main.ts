import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { seedDemoDirectory } from './features/directory';
import { demoAccounts, demoPassword, hasAnyAccount, seedDemoData } from './db/seed-demo';
import { seedDemoCases } from './db/seed-demo-cases';
import { watchForStalls } from './platform/stall-watchdog';

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.migrate();
  const seed =
    config.demoData === 'on' || (config.demoData === 'auto' && database.engine === 'pglite');
  const seeded = seed && !(await hasAnyAccount(database.db));
  if (seeded) {
    const { partners } = await seedDemoData(database.db);
    await seedDemoDirectory(database.db, partners);
    const demo = await seedDemoCases(database.db, config, { withDirectory: true });
    console.log(`Demo cases: ${demo.cases} written in ${demo.milliseconds} ms.`);
  }

  const app = await buildApp({ config, database, webRoot, runJobs: true });
  const address = await app.listen({ host: config.host, port: config.port });
  printWelcome(
    address,
    database.engine,
    config.database.kind === 'pglite' ? config.database.dataDir : undefined,
    seeded || seed,
  );

  // Longer than any one statement of the app takes; only a stuck embedded database trips it.
  const stopWatching = database.engine === 'pglite' ? watchForStalls(120_000) : () => undefined;

  const stop = async (): Promise<void> => {
    stopWatching();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

function printWelcome(
  address: string,
  engine: string,
  dataDir: string | undefined,
  demo: boolean,
): void {
  const where =
    engine === 'postgres'
      ? 'PostgreSQL server'
      : dataDir === ':memory:' || !dataDir
        ? 'PGlite in memory'
        : `PGlite at ${path.relative(process.cwd(), dataDir) || dataDir}`;
  const lines = [
    `Passerelle is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${where})`,
  ];
  if (demo) {
    lines.push(`Demo sign-ins (password for all: ${demoPassword}):`);
    for (const account of demoAccounts) lines.push(`  ${account.role.padEnd(14)} ${account.email}`);
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
