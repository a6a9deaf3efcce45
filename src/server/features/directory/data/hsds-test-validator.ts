import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under ESM its function is the module's default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * A validator for one HSDS 3.1 entity, for tests: the official schemas are read from the
 * shared standards folder next to the repository, never copied into it.
 */
export function officialHsdsValidator(entity: string): (value: unknown) => string[] {
  const schemaDir = path.resolve(process.cwd(), '../shared/standards/hsds/3.1/schema');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of fs.readdirSync(schemaDir)) {
    if (!file.endsWith('.json') || file === 'openapi.json') continue;
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')), file);
  }
  const validate: ValidateFunction | undefined = ajv.getSchema(`${entity}.json`);
  if (!validate) throw new Error(`no ${entity}.json in ${schemaDir}`);
  return (value) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
