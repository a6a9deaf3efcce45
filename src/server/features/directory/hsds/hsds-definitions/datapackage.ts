import type { HsdsEntityType, HsdsVersion } from '../hsds-types';
import type { FieldDefinition, TextField } from './fields';
import type { EntityDefinitions } from './versions';

/** A column as a Frictionless table schema declares it. */
export type PackageField = {
  name: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'time';
  format?: 'uuid' | 'uri' | 'email';
  constraints: { required: boolean; unique: boolean; enum?: string[] };
};

export type PackageResource = {
  name: HsdsEntityType;
  path: string;
  format: 'csv';
  mediatype: 'text/csv';
  profile: 'tabular-data-resource';
  schema: {
    primaryKey: 'id';
    fields: PackageField[];
    foreignKeys?: { fields: string; reference: { resource: HsdsEntityType; fields: 'id' } }[];
  };
};

export type DataPackage = {
  name: string;
  title: string;
  profile: 'tabular-data-package';
  version: string;
  homepage: string;
  resources: PackageResource[];
};

/** The datapackage.json of the tabular package: every table of the version, its columns and links. */
export function datapackageOf(version: HsdsVersion, definitions: EntityDefinitions): DataPackage {
  const resources: PackageResource[] = [];
  for (const [type, definition] of definitions) {
    const required = new Set([...definition.required, ...(definition.tabularRequired ?? [])]);
    const fields: PackageField[] = [];
    const foreignKeys: NonNullable<PackageResource['schema']['foreignKeys']> = [];
    for (const [name, field] of Object.entries(definition.properties)) {
      if (field.kind === 'list' || field.kind === 'ref') continue;
      fields.push(packageField(name, field, required.has(name)));
      const target = name.replace(/_id$/, '');
      if (name !== target && isEntityOf(definitions, target)) {
        foreignKeys.push({ fields: name, reference: { resource: target, fields: 'id' } });
      }
    }
    resources.push({
      name: type,
      path: definition.csvFile,
      format: 'csv',
      mediatype: 'text/csv',
      profile: 'tabular-data-resource',
      schema: { primaryKey: 'id', fields, ...(foreignKeys.length > 0 ? { foreignKeys } : {}) },
    });
  }
  const order = (r: PackageResource) => definitions.get(r.name)?.order ?? 0;
  resources.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  return {
    name: 'human_services_data',
    title: 'Human Services Data Specification',
    profile: 'tabular-data-package',
    version: `${version}.0`,
    homepage: 'https://docs.openreferral.org',
    resources,
  };
}

function isEntityOf(definitions: EntityDefinitions, name: string): name is HsdsEntityType {
  return [...definitions.keys()].some((type) => type === name);
}

function packageField(
  name: string,
  field: Exclude<FieldDefinition, { kind: 'list' | 'ref' }>,
  required: boolean,
): PackageField {
  const constraints = (text?: TextField): PackageField['constraints'] => ({
    required,
    unique: text?.unique ?? false,
    ...(text?.values ? { enum: [...text.values] } : {}),
  });
  if (field.kind === 'number') return { name, type: 'number', constraints: constraints() };
  if (field.format === 'date-time')
    return { name, type: 'datetime', constraints: constraints(field) };
  if (field.csvType) return { name, type: field.csvType, constraints: constraints(field) };
  const format = field.format;
  return { name, type: 'string', ...(format ? { format } : {}), constraints: constraints(field) };
}
