/**
 * Backs up the database (DATABASE_URL's server, or the embedded one under DATA_DIR) and the
 * link-signing secret into a new or empty folder, or a new .tar file:
 *   npm run backup -- <folder or file.tar>
 * Consistent while the app runs on a server; the embedded engine takes one process at a time.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { backUpTo } from './backup-archive';

async function main(): Promise<void> {
  const [target, ...rest] = process.argv.slice(2);
  if (!target || rest.length > 0) throw new Error('usage: npm run backup -- <folder or file.tar>');
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const { manifest, bytes, milliseconds } = await backUpTo(database, config, target);
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `Backed up ${manifest.tables.length} tables (${rows} rows, ${bytes} bytes) at migration ${manifest.migrations.count} to ${target} in ${milliseconds} ms.`,
    );
    if (!manifest.linkSigningSecret) console.log('No link-signing secret was found to back up.');
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
