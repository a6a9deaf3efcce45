import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { demoAccounts, demoPassword, seedDemo } from './demo';

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  // Until the app is listening, a signal only has the database to stop.
  const stopDatabase = (): void => void database.close().finally(() => process.exit(130));
  process.once('SIGINT', stopDatabase);
  process.once('SIGTERM', stopDatabase);
  await database.migrate();
  const seed =
    config.demoData === 'on' || (config.demoData === 'auto' && config.database.kind === 'embedded');
  if (seed) {
    const demo = await seedDemo(database.db, config).catch((error: unknown) => {
      throw new Error(`The demo data could not be written; the database is left empty.`, {
        cause: error,
      });
    });
    if (demo) console.log(`Demo data: ${demo.cases} cases written in ${demo.milliseconds} ms.`);
  }

  const app = await buildApp({ config, database, webRoot, runJobs: true });
  const address = await app.listen({ host: config.host, port: config.port });
  printWelcome(address, database.description, config, seed);

  const stop = async (): Promise<void> => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.removeListener('SIGINT', stopDatabase);
  process.removeListener('SIGTERM', stopDatabase);
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

function printWelcome(address: string, engine: string, config: Config, demo: boolean): void {
  const target = config.database;
  const where =
    target.kind === 'server'
      ? engine
      : `${engine} in ${target.dataDir ? path.relative(process.cwd(), target.dataDir) || '.' : 'a temporary folder'}`;
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
