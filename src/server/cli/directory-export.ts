/**
 * Exports the directory in HSDS 3.1:
 *   npm run directory:export -- --format json <file.json>
 *   npm run directory:export -- --format csv <folder>
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { exportDirectoryCsv, exportDirectoryJson } from '../features/directory';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { format: { type: 'string', default: 'json' } },
  });
  const [out] = positionals;
  if (!out || (values.format !== 'json' && values.format !== 'csv')) {
    throw new Error('usage: npm run directory:export -- --format json|csv <file-or-folder>');
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  const caller = {
    accountId: null,
    origin: { ip: null, userAgent: 'directory:export' },
    label: 'command line',
  };
  try {
    await database.migrate();
    if (values.format === 'json') {
      const page = await exportDirectoryJson(database.db, caller);
      fs.writeFileSync(out, JSON.stringify(page, null, 2));
      console.log(`Wrote ${page.total_items} services to ${out}.`);
      return;
    }
    const files = await exportDirectoryCsv(database.db, caller);
    fs.mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(out, name), content);
    }
    console.log(`Wrote ${Object.keys(files).length} files to ${out}.`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
