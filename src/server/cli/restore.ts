/**
 * Restores a backup made by `npm run backup` (its folder or .tar file) into a new database (DATABASE_URL's server,
 * or the embedded one under DATA_DIR), with the link-signing secret:
 *   npm run restore -- <folder or file.tar>
 * Refuses a database that holds any row, a damaged or altered backup, and one made by a newer
 * version of Passerelle, before writing anything.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { restoreFrom } from './backup-archive';

async function main(): Promise<void> {
  const [target, ...rest] = process.argv.slice(2);
  if (!target || rest.length > 0) throw new Error('usage: npm run restore -- <folder or file.tar>');
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const { rows, milliseconds, notes } = await restoreFrom(database, config, target);
    console.log(`Restored ${rows} rows from ${target} in ${milliseconds} ms.`);
    for (const note of notes) console.log(note);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
