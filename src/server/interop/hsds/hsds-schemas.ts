import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type HsdsEntityType, type HsdsVersion, isHsdsEntityType, isObject } from './hsds-types';

/** What an entity's schema says about its shape: scalar fields, nested lists and embedded entities. */
export type EntityModel = {
  type: HsdsEntityType;
  csvFile: string;
  fields: string[];
  numberFields: Set<string>;
  lists: { property: string; type: HsdsEntityType }[];
  refs: { property: string; type: HsdsEntityType }[];
  /** Nestings the compiled schemas add to the entity schemas (an organization's services). */
  extras: { property: string; type: HsdsEntityType; list: boolean }[];
};

export type SchemaIssue = { path: string; field: string; reason: string };

export type HsdsSchemas = {
  version: HsdsVersion;
  models: Map<HsdsEntityType, EntityModel>;
  validate(type: HsdsEntityType, value: unknown): SchemaIssue[];
};

const extras: Partial<Record<HsdsEntityType, EntityModel['extras']>> = {
  organization: [{ property: 'services', type: 'service', list: true }],
  service_at_location: [{ property: 'service', type: 'service', list: false }],
};

// ajv-formats is CommonJS: under ESM its function is the module's default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const cache = new Map<string, HsdsSchemas>();

/** The official schemas of one HSDS version, each added under its file name so relative $refs resolve. */
export function loadHsdsSchemas(standardsDir: string, version: HsdsVersion): HsdsSchemas {
  const key = `${standardsDir}|${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const schemaDir = path.join(standardsDir, version, 'schema');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const models = new Map<HsdsEntityType, EntityModel>();
  for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.json'))) {
    if (file === 'openapi.json') continue;
    const schema: unknown = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));
    if (!isObject(schema)) continue;
    ajv.addSchema(schema, file);
    const type = file.replace(/\.json$/, '');
    if (isHsdsEntityType(type)) models.set(type, modelOf(type, schema));
  }
  const validators = new Map<HsdsEntityType, ValidateFunction>();
  const loaded: HsdsSchemas = {
    version,
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
  cache.set(key, loaded);
  return loaded;
}

function modelOf(type: HsdsEntityType, schema: Record<string, unknown>): EntityModel {
  const model: EntityModel = {
    type,
    csvFile: typeof schema.path === 'string' ? schema.path : `${type}.csv`,
    fields: [],
    numberFields: new Set(),
    lists: [],
    refs: [],
    extras: extras[type] ?? [],
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
