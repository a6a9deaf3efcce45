/**
 * The app the browser journeys drive. With BROWSER_DATABASE_URL it runs on a fresh database
 * of that name on the PostgreSQL server (dropped and recreated), otherwise on the embedded
 * one in memory. `npm test` picks PostgreSQL when a server answers: a rare PGlite spin
 * (electric-sql/pglite#1068) would stop the one server every journey shares.
 */
import pg from 'pg';

async function recreate(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unusable database name: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

const url = process.env.BROWSER_DATABASE_URL;
if (url) {
  await recreate(url);
  process.env.DATABASE_URL = url;
}
await import('../src/server/main');
