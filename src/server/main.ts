import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { type DatabaseHandle, openDatabase } from './db/client';
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

  process.removeListener('SIGINT', stopDatabase);
  process.removeListener('SIGTERM', stopDatabase);
  const stop = stopGracefully(app, database);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** What a request still running when the app is told to stop may take to finish. */
const shutdownGraceMs = 25_000;

/**
 * Stops as a load balancer expects: the listening socket closes at once (new connections are
 * refused, a request arriving on a kept-alive one is answered 503), the requests in flight
 * finish and are answered, the recurring jobs end their run, then the pool (and the embedded
 * database) close. A request still running after the grace period has its connection cut.
 * A second signal while stopping changes nothing.
 */
function stopGracefully(
  app: FastifyInstance,
  database: DatabaseHandle,
): (signal: NodeJS.Signals) => Promise<void> {
  let stopping = false;
  return async (signal) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: no new requests, finishing those in flight');
    const cut = setTimeout(() => {
      app.log.warn('requests still running after the grace period: their connections are cut');
      app.server.closeAllConnections();
    }, shutdownGraceMs);
    cut.unref();
    // A kept-alive connection whose request was in flight goes idle once answered; closing
    // stops only those idle at its start, so the others are closed as they go idle.
    const reap = setInterval(() => app.server.closeIdleConnections(), 100);
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, 'the app did not close cleanly');
      code = 1;
    }
    clearTimeout(cut);
    clearInterval(reap);
    await database.close();
    app.log.info('stopped');
    process.exit(code);
  };
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
