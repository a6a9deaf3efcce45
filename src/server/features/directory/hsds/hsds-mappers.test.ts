import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { standardsDir } from '../../../../../test/helpers/hsds-official';
import { parseCsv, typeCells, writeCsv } from './hsds-csv';
import { flattenEntity } from './hsds-flatten';
import { DatasetIndex, nestEntity } from './hsds-nest';
import { entityTypeOf, readHsdsFiles } from './hsds-read';
import { hsdsSchemasOf } from './hsds-schemas';
import type { HsdsDataset } from './hsds-types';

const schemas = hsdsSchemasOf('3.1');
const example = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(standardsDir, '3.1', 'examples', name), 'utf8')) as Record<
    string,
    unknown
  >;
const model = (type: 'service' | 'metadata') => {
  const found = schemas.models.get(type);
  if (!found) throw new Error(`no model of ${type}`);
  return found;
};

describe('flattening nested HSDS', () => {
  it('links each nested child to its parent the way the tables do', () => {
    const dataset: HsdsDataset = new Map();
    flattenEntity(schemas.models, dataset, 'service', {
      id: 's1',
      name: 'Walk',
      status: 'active',
      organization: { id: 'o1', name: 'Club', description: 'A club' },
      phones: [{ id: 'p1', number: '1', languages: [{ id: 'l1', code: 'fr' }] }],
      attributes: [{ id: 'a1', taxonomy_term: { id: 't1', name: 'n', description: 'd' } }],
      metadata: [{ id: 'm1', field_name: 'name' }],
      service_at_locations: [{ id: 'sal1', location: { id: 'loc1', location_type: 'physical' } }],
    });
    expect(dataset.get('service')?.get('s1')).toEqual({
      id: 's1',
      name: 'Walk',
      status: 'active',
      organization_id: 'o1',
    });
    expect(dataset.get('phone')?.get('p1')).toMatchObject({ service_id: 's1' });
    expect(dataset.get('language')?.get('l1')).toMatchObject({ phone_id: 'p1' });
    expect(dataset.get('attribute')?.get('a1')).toMatchObject({
      link_id: 's1',
      link_entity: 'service',
      taxonomy_term_id: 't1',
    });
    expect(dataset.get('metadata')?.get('m1')).toMatchObject({
      resource_id: 's1',
      resource_type: 'service',
    });
    expect(dataset.get('service_at_location')?.get('sal1')).toMatchObject({
      service_id: 's1',
      location_id: 'loc1',
    });
  });

  it('nests the flat records back into the shape they came from', () => {
    const original = example('service_full.json');
    const read = readHsdsFiles(schemas, [
      { name: 'service_full.json', content: JSON.stringify(original) },
    ]);
    expect(read.issues).toEqual([]);
    const index = new DatasetIndex(read.dataset);
    const service = index.get('service', original.id);
    if (!service) throw new Error('the service should be read');
    const nested = nestEntity(schemas.models, index, 'service', service);
    for (const key of Object.keys(original)) expect(nested, key).toHaveProperty(key);
    expect(nested.phones).toEqual([expect.objectContaining({ languages: expect.any(Array) })]);
  });
});

describe('the CSV package', () => {
  it('types cells by the schema and leaves empty cells out', () => {
    expect(
      typeCells(model('service'), { id: 'x', minimum_age: '12', name: 'A', alert: '' }),
    ).toEqual({
      id: 'x',
      minimum_age: 12,
      name: 'A',
    });
    expect(typeCells(model('service'), { minimum_age: 'twelve' })).toEqual({
      minimum_age: 'twelve',
    });
  });

  it('keeps an empty previous value of a metadata row', () => {
    expect(typeCells(model('metadata'), { id: 'm', previous_value: '' })).toEqual({
      id: 'm',
      previous_value: '',
    });
  });

  it('writes the schema columns in order, then any others, and reads them back', () => {
    const csv = writeCsv(model('service'), [
      { id: 's1', name: 'Café, "le" coin', status: 'active', minimum_age: 5, x_local: 'kept' },
    ]);
    const [header] = csv.split('\n');
    expect(header?.startsWith('id,organization_id,program_id,name')).toBe(true);
    expect(header?.endsWith('last_modified,x_local')).toBe(true);
    const { rows } = parseCsv(model('service'), csv);
    expect(rows).toEqual([
      {
        row: 2,
        value: {
          id: 's1',
          name: 'Café, "le" coin',
          status: 'active',
          minimum_age: 5,
          x_local: 'kept',
        },
      },
    ]);
  });
});

describe('recognising what a JSON document holds', () => {
  it.each([
    ['service_full.json', {}, 'service'],
    ['taxonomies.json', {}, 'taxonomy'],
    ['our_service_at_locations.json', {}, 'service_at_location'],
    ['feed.json', { status: 'active' }, 'service'],
    ['feed.json', { location_type: 'physical' }, 'location'],
    ['feed.json', { taxonomy_id: 't' }, 'taxonomy_term'],
    ['feed.json', { id: 'x', name: 'n', description: 'd', uri: 'u' }, 'taxonomy'],
    ['feed.json', { id: 'x', name: 'n', description: 'd', website: 'w' }, 'organization'],
  ] as const)('reads %s %j as %s', (name, value, type) => {
    expect(entityTypeOf(name, value)).toBe(type);
  });
});
