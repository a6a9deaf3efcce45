/**
 * Restores a backup made by `npm run backup` into an empty database (DATABASE_URL's server,
 * or the embedded one under DATA_DIR), with the link-signing secret:
 *   npm run restore -- <folder>
 * Refuses a database that holds any row, a damaged or altered backup, and one made by a newer
 * version of Passerelle, before writing anything.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { restoreBackup } from './backup-restore';

async function main(): Promise<void> {
  const [folder, ...rest] = process.argv.slice(2);
  if (!folder || rest.length > 0) throw new Error('usage: npm run restore -- <folder>');
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const { rows, milliseconds, notes } = await restoreBackup(database, config, folder);
    console.log(`Restored ${rows} rows from ${folder} in ${milliseconds} ms.`);
    for (const note of notes) console.log(note);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
