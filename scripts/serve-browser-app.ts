/**
 * The app the browser journeys drive. With BROWSER_DATABASE_URL it runs on a fresh database
 * of that name (dropped and recreated; `npm test` passes one on the server it picked),
 * otherwise on a throwaway embedded database.
 */
import { recreateDatabase } from './postgres-admin';

const url = process.env.BROWSER_DATABASE_URL;
if (url) {
  await recreateDatabase(url);
  process.env.DATABASE_URL = url;
}
await import('../src/server/main');
