/**
 * The app the browser journeys drive. With BROWSER_DATABASE_URL it runs on a fresh database
 * of that name on the PostgreSQL server (dropped and recreated), otherwise on the embedded
 * one in memory. `npm test` picks PostgreSQL when a server answers: a rare PGlite spin
 * (electric-sql/pglite#1068) would stop the one server every journey shares.
 */
import { recreateDatabase } from './postgres-admin';

const url = process.env.BROWSER_DATABASE_URL;
if (url) {
  await recreateDatabase(url);
  process.env.DATABASE_URL = url;
}
await import('../src/server/main');
