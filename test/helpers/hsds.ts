import fs from 'node:fs';
import path from 'node:path';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { newAjv, standardsDir } from './hsds-official';

/** The files of a folder of the standard (`3.1/examples`, `3.0/examples/csv`), name to content. */
export function exampleFiles(folder: string): Record<string, string> {
  const dir = path.join(standardsDir, folder);
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).filter((f) => /\.(json|csv)$/.test(f))) {
    files[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  return files;
}

// The OpenAPI document names its schemas by these addresses; the same files are here.
const published = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
let ajv: Ajv2020 | undefined;

function openApiAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = newAjv();
  const schemaDir = path.join(standardsDir, '3.1', 'schema');
  for (const [folder, prefix] of [
    ['', published],
    ['compiled', `${published}compiled/`],
  ] as const) {
    const dir = path.join(schemaDir, folder);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as object;
      ajv.addSchema(schema, `${prefix}${file}`);
    }
  }
  return ajv;
}

const validators = new Map<string, ValidateFunction>();

/** The validator of a response, by its place in `3.1/schema/openapi.json` (path, and 'list' or 'item'). */
export function responseValidator(apiPath: string): ValidateFunction {
  const cached = validators.get(apiPath);
  if (cached) return cached;
  const pointer = `${published}openapi.json#/paths/${apiPath.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/200/content/application~1json/schema`;
  const validator = openApiAjv().compile({ $ref: pointer });
  validators.set(apiPath, validator);
  return validator;
}

/** A compiled schema by file name (`service.json`), for exports and the one misdirected response. */
export function compiledValidator(file: string): ValidateFunction {
  const key = `compiled:${file}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const validator = openApiAjv().compile({ $ref: `${published}compiled/${file}` });
  validators.set(key, validator);
  return validator;
}
