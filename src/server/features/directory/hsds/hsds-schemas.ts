import type { z } from 'zod';
import { type DataPackage, datapackageOf } from './hsds-definitions/datapackage';
import { type SchemaIssue, describeIssue } from './hsds-definitions/issues';
import { type EntityModel, modelOf } from './hsds-definitions/models';
import { entityDefinitions } from './hsds-definitions/versions';
import { entitySchemas } from './hsds-definitions/zod-schemas';
import type { HsdsEntityType, HsdsVersion } from './hsds-types';

export type { DataPackage, EntityModel, SchemaIssue };

export type HsdsSchemas = {
  version: HsdsVersion;
  models: Map<HsdsEntityType, EntityModel>;
  /** The description of the version's tabular package. */
  datapackage: DataPackage;
  validate(type: HsdsEntityType, value: unknown): SchemaIssue[];
};

/** What reading a dataset needs: the shapes of the entities and their checks. */
export type HsdsValidator = Pick<HsdsSchemas, 'models' | 'validate'>;

const cache = new Map<HsdsVersion, HsdsSchemas>();

/** HSDS as Passerelle defines it (`hsds-definitions/`): one version's entities, shapes and checks. */
export function hsdsSchemasOf(version: HsdsVersion): HsdsSchemas {
  const cached = cache.get(version);
  if (cached) return cached;
  const definitions = entityDefinitions(version);
  const schemas = entitySchemas(definitions);
  const models = new Map<HsdsEntityType, EntityModel>();
  for (const [type, definition] of definitions) models.set(type, modelOf(type, definition));
  const loaded: HsdsSchemas = {
    version,
    models,
    datapackage: datapackageOf(version, definitions),
    validate(type, value) {
      const schema: z.ZodType | undefined = schemas.get(type);
      if (!schema) return [{ path: '', field: '', reason: `no ${type} in HSDS ${version}` }];
      const result = schema.safeParse(value, { reportInput: true });
      return result.success ? [] : result.error.issues.map(describeIssue);
    },
  };
  cache.set(version, loaded);
  return loaded;
}
