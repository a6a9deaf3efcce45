/**
 * Writes a synthetic directory as JSON Lines, one listing per line
 * ({ service, translations, sourceLanguage, referralStatus }):
 *   npm run directory:generate -- --count 100000 --seed 1 --out data/synthetic-100k.jsonl
 * Without --out the lines go to standard output.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateSyntheticBatches } from './synthetic-directory';

const Options = z.object({
  count: z.coerce.number().int().positive().max(10_000_000),
  seed: z.coerce.number().int().min(0).max(0xffffffff),
  out: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const options = Options.safeParse(values);
  if (!options.success) {
    throw new Error('usage: npm run directory:generate -- --count <n> --seed <n> [--out <file>]');
  }
  const { count, seed, out } = options.data;
  const output = out ? fs.createWriteStream(out) : process.stdout;
  const started = performance.now();
  let written = 0;
  for (const batch of generateSyntheticBatches({ count, seed, batchSize: 1000 })) {
    const lines = batch.map((listing) => JSON.stringify(listing)).join('\n');
    // Waiting for drain keeps memory flat however many services are asked for.
    if (!output.write(`${lines}\n`)) await once(output, 'drain');
    written += batch.length;
    if (out) process.stderr.write(`\r${written} / ${count}`);
  }
  if (out) {
    output.end();
    await once(output, 'finish');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`\n${written} services written to ${out} in ${seconds} s\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
