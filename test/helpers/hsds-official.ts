import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  type EntityModel,
  type HsdsEntityType,
  type HsdsValidator,
  type HsdsVersion,
  type SchemaIssue,
  isObject,
} from '../../src/server/features/directory/hsds';
import { isHsdsEntityType } from '../../src/server/features/directory/hsds/hsds-types';

/**
 * The official Open Referral schemas, read where they are kept beside the repository:
 * the yardstick the tests hold Passerelle's own HSDS definitions to. The product never
 * reads them.
 */
export const standardsDir = path.resolve(import.meta.dirname, '../../../shared/standards/hsds');

// ajv-formats is CommonJS: under ESM its function is the module's default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Schema = Record<string, unknown>;

/** The entity schemas of a version (`service.json`...), by file name without `.json`. */
export function officialSchemaFiles(version: HsdsVersion): Map<string, Schema> {
  const dir = path.join(standardsDir, version, 'schema');
  const files = new Map<string, Schema>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    if (file === 'openapi.json') continue;
    const schema: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (isObject(schema)) files.set(file.replace(/\.json$/, ''), schema);
  }
  return files;
}

/** The official datapackage.json of a version. */
export function officialDatapackage(version: HsdsVersion): Schema {
  const file = path.join(standardsDir, version, 'datapackage.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
}

/** Ajv as the standard's examples were checked with: JSON Schema 2020-12, formats checked. */
export function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const ajvs = new Map<HsdsVersion, Ajv2020>();

/** Ajv with every entity schema of the version under its file name, so relative $refs resolve. */
export function officialAjv(version: HsdsVersion): Ajv2020 {
  const cached = ajvs.get(version);
  if (cached) return cached;
  const ajv = newAjv();
  for (const [name, schema] of officialSchemaFiles(version)) ajv.addSchema(schema, `${name}.json`);
  ajvs.set(version, ajv);
  return ajv;
}

/** The official schemas in the reader's shape: what the import did before it had its own. */
export function officialHsdsSchemas(version: HsdsVersion): HsdsValidator {
  const ajv = officialAjv(version);
  const models = new Map<HsdsEntityType, EntityModel>();
  for (const [type, schema] of officialSchemaFiles(version)) {
    if (isHsdsEntityType(type)) models.set(type, officialModel(type, schema));
  }
  const validators = new Map<HsdsEntityType, ValidateFunction>();
  return {
    models,
    validate(type, value) {
      let validator = validators.get(type);
      if (!validator) {
        validator = ajv.getSchema(`${type}.json`);
        if (!validator) return [{ path: '', field: '', reason: `no ${type} in HSDS ${version}` }];
        validators.set(type, validator);
      }
      return validator(value) ? [] : (validator.errors ?? []).map(describeError);
    },
  };
}

/** A validator of one HSDS 3.1 entity, its errors as `path message` lines. */
export function officialHsdsValidator(entity: HsdsEntityType): (value: unknown) => string[] {
  const validate = officialAjv('3.1').getSchema(`${entity}.json`);
  if (!validate) throw new Error(`no ${entity}.json in HSDS 3.1`);
  return (value) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/** An entity's model read off its official schema (and the compiled one, for its extras). */
export function officialModel(type: HsdsEntityType, schema: Schema): EntityModel {
  const model: EntityModel = {
    type,
    csvFile: typeof schema.path === 'string' ? schema.path : `${type}.csv`,
    fields: [],
    numberFields: new Set(),
    lists: [],
    refs: [],
    extras: compiledExtras(type),
  };
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [property, definition] of Object.entries(properties)) {
    if (!isObject(definition)) continue;
    const items = isObject(definition.items) ? definition.items : undefined;
    const listOf = refType(items?.$ref);
    const refOf = refType(definition.$ref);
    if (definition.type === 'array' && listOf) model.lists.push({ property, type: listOf });
    else if (refOf) model.refs.push({ property, type: refOf });
    else if (definition.type !== 'array' && definition.type !== 'object') {
      model.fields.push(property);
      if (definition.type === 'number' || definition.type === 'integer') {
        model.numberFields.add(property);
      }
    }
  }
  return model;
}

/** What `3.1/schema/compiled/<type>.json` nests beyond the entity schema. */
function compiledExtras(type: HsdsEntityType): EntityModel['extras'] {
  const file = path.join(standardsDir, '3.1', 'schema', 'compiled', `${type}.json`);
  if (!fs.existsSync(file)) return [];
  const compiled = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
  const own = officialSchemaFiles('3.1').get(type)?.properties;
  const properties = isObject(compiled.properties) ? compiled.properties : {};
  return Object.entries(properties).flatMap(([property, definition]) => {
    if (!isObject(definition) || (isObject(own) && property in own)) return [];
    const list = definition.type === 'array' && isObject(definition.items);
    const target = list && isObject(definition.items) ? definition.items.name : definition.name;
    return typeof target === 'string' && isHsdsEntityType(target)
      ? [{ property, type: target, list }]
      : [];
  });
}

function refType(ref: unknown): HsdsEntityType | undefined {
  if (typeof ref !== 'string') return undefined;
  const type = path.basename(ref).replace(/\.json$/, '');
  return isHsdsEntityType(type) ? type : undefined;
}

function describeError(error: ErrorObject): SchemaIssue {
  const segments = error.instancePath.split('/').filter((s) => s !== '' && !/^\d+$/.test(s));
  const missing = error.params.missingProperty;
  const field = typeof missing === 'string' ? missing : (segments.at(-1) ?? '');
  const where =
    typeof missing === 'string' ? `${error.instancePath}/${missing}` : error.instancePath;
  return { path: where, field, reason: error.message ?? error.keyword };
}
