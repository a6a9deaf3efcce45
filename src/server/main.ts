import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { seedDemoDirectory } from './features/directory';
import { demoAccounts, demoPassword, hasAnyAccount, seedDemoData } from './db/seed-demo';

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
    const standardsDir = config.hsdsStandardsDir;
    // The import checks every record against the official HSDS schemas, kept beside the repository.
    if (fs.existsSync(standardsDir))
      await seedDemoDirectory(database.db, { standardsDir }, partners);
    else console.warn(`No HSDS schemas at ${standardsDir}: the demo directory was not loaded.`);
  }

  const app = await buildApp({ config, database, webRoot });
  const address = await app.listen({ host: config.host, port: config.port });
  printWelcome(
    address,
    database.engine,
    config.database.kind === 'pglite' ? config.database.dataDir : undefined,
    seeded || seed,
  );

  const stop = async (): Promise<void> => {
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
  const where = dataDir
    ? `PGlite at ${path.relative(process.cwd(), dataDir) || dataDir}`
    : 'PostgreSQL server';
  const lines = [
    `Passerelle is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${where}, engine ${engine})`,
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
