/**
 * Imports an HSDS 3.0 or 3.1 dataset into the directory:
 *   npm run directory:import -- [--hsds-version 3.0|3.1] <file-or-folder>...
 * A folder is read as a whole: its .json files (nested HSDS) and .csv files (the tabular
 * package, with its datapackage.json). Nothing is written unless every record is valid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { importDirectory } from '../features/directory';
import { progressPrinter } from './import-progress';

function readInputs(paths: string[]): { name: string; content: string }[] {
  return paths.flatMap((input) => {
    const names = fs.statSync(input).isDirectory()
      ? fs
          .readdirSync(input)
          .filter((name) => /\.(json|csv)$/i.test(name))
          .sort()
          .map((name) => path.join(input, name))
      : [input];
    return names.map((name) => ({
      name: path.basename(name),
      content: fs.readFileSync(name, 'utf8'),
    }));
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'hsds-version': { type: 'string' } },
  });
  const version = values['hsds-version'];
  if (
    positionals.length === 0 ||
    (version !== undefined && version !== '3.0' && version !== '3.1')
  ) {
    throw new Error(
      'usage: npm run directory:import -- [--hsds-version 3.0|3.1] <file-or-folder>...',
    );
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const report = await importDirectory(
      database.db,
      {
        accountId: null,
        origin: { ip: null, userAgent: 'directory:import' },
        label: 'command line',
      },
      { files: readInputs(positionals), version },
      progressPrinter((line) => console.log(line)),
    );
    for (const issue of report.issues) {
      const where = [issue.file, issue.row ? `row ${issue.row}` : '', issue.path ?? ''].filter(
        Boolean,
      );
      console.error(`${where.join(' ')}: ${issue.field || '(record)'}: ${issue.reason}`);
    }
    if (report.status === 'rejected') {
      throw new Error(`Import rejected: ${report.issues.length} issues, nothing was written.`);
    }
    for (const [type, counts] of Object.entries(report.changes)) {
      console.log(
        `${type}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
      );
    }
    console.log(`Imported ${report.records} records (HSDS ${report.version}).`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
