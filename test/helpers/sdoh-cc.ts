import fs from 'node:fs';
import path from 'node:path';

/**
 * The HL7 Gravity "SDOH Clinical Care" guide's files, read where they are kept beside the
 * repository (see its SOURCE.txt). The product never reads them.
 */
export const sdohCcDir = path.resolve(import.meta.dirname, '../../../shared/standards/sdoh-cc');

export type ExampleResource = { resourceType: string; [element: string]: unknown };

/** The guide's example resources, by file name, each a fresh copy a test may change. */
export function sdohCcExamples(): Map<string, ExampleResource> {
  const dir = path.join(sdohCcDir, 'examples');
  const examples = new Map<string, ExampleResource>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    examples.set(
      file,
      JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ExampleResource,
    );
  }
  return examples;
}

/** One example by file name, a fresh copy. */
export function sdohCcExample(file: string): ExampleResource {
  const example = sdohCcExamples().get(file);
  if (!example) throw new Error(`No example ${file} in ${sdohCcDir}/examples`);
  return example;
}
