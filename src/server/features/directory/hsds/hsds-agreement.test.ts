import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type BrokenRecord, brokenRecords } from '../../../../../test/fixtures/hsds-broken-records';
import { exampleFiles } from '../../../../../test/helpers/hsds';
import {
  officialAjv,
  officialHsdsSchemas,
  officialSchemaFiles,
} from '../../../../../test/helpers/hsds-official';
import type { TextFormat } from './hsds-definitions/fields';
import { matchesFormat } from './hsds-definitions/formats';
import { readHsdsFiles } from './hsds-read';
import { type HsdsValidator, type SchemaIssue, hsdsSchemasOf } from './hsds-schemas';
import {
  type HsdsEntityType,
  type HsdsFile,
  type HsdsIssue,
  hsdsVersions,
  isObject,
} from './hsds-types';

/*
 * Passerelle's HSDS definitions against the official JSON Schemas (ajv, 2020-12, formats
 * checked): the same verdict on every official example and on records broken on purpose.
 */

const both = (version: '3.0' | '3.1'): [HsdsValidator, HsdsValidator] => [
  hsdsSchemasOf(version),
  officialHsdsSchemas(version),
];

const asFiles = (files: Record<string, string>): HsdsFile[] =>
  Object.entries(files).map(([name, content]) => ({ name, content }));

/** Where the issues are: what must agree (the words of a reason may differ). */
const places = (issues: (HsdsIssue | SchemaIssue)[]): string[] =>
  [
    ...new Set(
      issues.map(
        (i) => `${'file' in i ? `${i.file}#${String(i.row ?? '')}` : ''}${i.path ?? ''}|${i.field}`,
      ),
    ),
  ].sort();

describe('the official examples', () => {
  it.each([
    ['3.0', '3.0/examples'],
    ['3.0', '3.0/examples/csv'],
    ['3.1', '3.1/examples'],
    ['3.1', '3.1/examples/csv'],
  ] as const)('%s: every record of %s is accepted by both, read the same', (version, folder) => {
    const files = asFiles(exampleFiles(folder));
    const [ours, official] = both(version).map((schemas) => readHsdsFiles(schemas, files));
    expect(ours?.issues).toEqual([]);
    expect(official?.issues).toEqual([]);
    expect(ours?.records).toBeGreaterThan(0);
    expect(ours?.records).toBe(official?.records);
    expect(ours?.dataset).toEqual(official?.dataset);
  });
});

function breakExample(record: BrokenRecord): HsdsFile[] {
  const version = record.version ?? '3.1';
  const example = record.example ?? 'service_full.json';
  const csv = example.startsWith('csv/');
  const folder = csv ? `${version}/examples/csv` : `${version}/examples`;
  const name = csv ? example.slice('csv/'.length) : example;
  const content = exampleFiles(folder)[name];
  if (content === undefined) throw new Error(`no ${folder}/${name}`);
  return [{ name, content: csv ? breakCsv(content, record) : breakJson(content, record) }];
}

/** The file's first row alone, one cell changed. */
function breakCsv(content: string, record: BrokenRecord): string {
  const parsed = Papa.parse<Record<string, string>>(content, {
    header: true,
    skipEmptyLines: true,
  });
  const [first] = parsed.data;
  if (!first || !(record.at in first)) throw new Error(`no column ${record.at}`);
  first[record.at] = String(record.set);
  return Papa.unparse({ fields: parsed.meta.fields ?? [], data: [first] });
}

function breakJson(content: string, record: BrokenRecord): string {
  const document: unknown = JSON.parse(content);
  const steps = record.at.split('/').slice(1);
  const last = steps.pop() ?? '';
  const parent = steps.reduce<unknown>(
    (node, step) => (typeof node === 'object' && node !== null ? Reflect.get(node, step) : node),
    document,
  );
  if (typeof parent !== 'object' || parent === null) throw new Error(`nothing at ${record.at}`);
  if ('set' in record) Reflect.set(parent, last, record.set);
  else if (last in parent) Reflect.deleteProperty(parent, last);
  else throw new Error(`nothing to remove at ${record.at}`);
  return JSON.stringify(document);
}

describe('records broken on purpose', () => {
  it(`are ${brokenRecords.length}, one per rule`, () => {
    expect(brokenRecords.length).toBeGreaterThanOrEqual(40);
    expect(new Set(brokenRecords.map((r) => r.rule)).size).toBe(brokenRecords.length);
  });

  it.each(brokenRecords)('$rule: refused by both, at the same place', (record) => {
    const files = breakExample(record);
    const [ours, official] = both(record.version ?? '3.1').map(
      (schemas) => readHsdsFiles(schemas, files).issues,
    );
    expect(official?.length, 'the official schemas refuse it').toBeGreaterThan(0);
    expect(places(ours ?? [])).toEqual(places(official ?? []));
    if (!record.example?.startsWith('csv/')) {
      expect(ours?.some((i) => i.path?.startsWith(record.at))).toBe(true);
    }
    // Reasons read as the official validator's do.
    for (const issue of ours ?? []) {
      const there = official?.filter((o) => o.path === issue.path && o.row === issue.row);
      expect(there?.map((o) => o.reason)).toContain(issue.reason);
    }
  });
});

type Schema = Record<string, unknown>;
type Version = (typeof hsdsVersions)[number];

const goodText: Record<string, string> = {
  uuid: '0f6a1b1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  uri: 'https://example.org/a',
  email: 'someone@example.org',
  'date-time': '2024-01-02T03:04:05Z',
};
const badText: Record<string, string> = {
  uuid: 'not-a-uuid',
  uri: 'not a uri',
  email: 'not-an-email',
  'date-time': '2024-13-45T10:00:00Z',
};

const propertiesOf = (version: Version, type: string): Record<string, Schema> => {
  const properties = officialSchemaFiles(version).get(type)?.properties;
  return isObject(properties) ? (properties as Record<string, Schema>) : {};
};
const refOf = (ref: unknown): string | undefined =>
  typeof ref === 'string' ? ref.replace(/\.json$/, '') : undefined;

/** The smallest record the official schema accepts: its required properties, each valid. */
function minimalRecord(version: Version, type: string): Record<string, unknown> {
  const required = officialSchemaFiles(version).get(type)?.required;
  const properties = propertiesOf(version, type);
  const names = Array.isArray(required) ? required.map(String) : [];
  return Object.fromEntries(
    names.map((name) => [name, goodValue(version, properties[name] ?? {})]),
  );
}

function goodValue(version: Version, definition: Schema): unknown {
  const ref = refOf(definition.$ref);
  if (ref) return minimalRecord(version, ref);
  if (Array.isArray(definition.enum)) return definition.enum[0];
  if (definition.type === 'number') return 1;
  if (definition.type === 'array') return [];
  return typeof definition.format === 'string' ? goodText[definition.format] : 'text';
}

/** One broken copy of the minimal record per rule of the entity's schema. */
function brokenCopies(version: Version, type: string): { rule: string; value: Schema }[] {
  const base = minimalRecord(version, type);
  const copies: { rule: string; value: Schema }[] = [];
  const put = (rule: string, property: string, value: unknown) =>
    copies.push({ rule, value: { ...base, [property]: value } });
  for (const property of Object.keys(base)) {
    const rest = Object.entries(base).filter(([name]) => name !== property);
    copies.push({ rule: `without ${property}`, value: Object.fromEntries(rest) });
  }
  for (const [property, definition] of Object.entries(propertiesOf(version, type))) {
    if (definition.$ref) {
      put(`${property} as text`, property, 'text');
      put(`${property} empty`, property, {});
    } else if (definition.type === 'array') {
      put(`${property} holding text`, property, ['text']);
      put(`${property} holding an empty record`, property, [{}]);
      put(`${property} as an object`, property, {});
    } else if (definition.type === 'number') {
      put(`${property} as text`, property, '12');
    } else {
      put(`${property} as a number`, property, 12);
      if (Array.isArray(definition.enum))
        put(`${property} not in its list`, property, 'none of them');
      if (typeof definition.format === 'string') {
        put(`${property} not a ${definition.format}`, property, badText[definition.format]);
      }
    }
  }
  return copies;
}

describe('every rule of every entity', () => {
  const cases = hsdsVersions.flatMap((version) =>
    [...officialSchemaFiles(version).keys()].map((type) => [version, type] as const),
  );
  it.each(cases)(
    '%s %s: the minimal record passes, each broken copy is refused by both',
    (version, type) => {
      const [ours, official] = both(version);
      const entity = type as HsdsEntityType;
      const base = minimalRecord(version, type);
      expect(ours.validate(entity, base)).toEqual([]);
      expect(official.validate(entity, base)).toEqual([]);
      for (const { rule, value } of brokenCopies(version, type)) {
        const theirs = official.validate(entity, value);
        expect(theirs.length, `${rule}: refused officially`).toBeGreaterThan(0);
        expect(places(ours.validate(entity, value)), rule).toEqual(places(theirs));
      }
    },
  );
});

describe('formats', () => {
  const cases: [TextFormat, string, boolean][] = [
    ['uuid', 'ac148810-d857-441c-9679-408f346de14b', true],
    ['uuid', 'AC148810-D857-441C-9679-408F346DE14B', true],
    ['uuid', 'urn:uuid:ac148810-d857-441c-9679-408f346de14b', true],
    ['uuid', 'ac148810d857441c9679408f346de14b', false],
    ['uuid', '{ac148810-d857-441c-9679-408f346de14b}', false],
    ['uuid', 'ac148810-d857-441c-9679-408f346de14g', false],
    ['uri', 'http://example.com/counselling', true],
    ['uri', 'https://user:pw@example.org:8080/a/b?c=d&e#f', true],
    ['uri', 'mailto:someone@example.org', true],
    ['uri', 'urn:isbn:0451450523', true],
    ['uri', 'tel:+44-1234-234567', true],
    ['uri', 'http://[::1]:80/', true],
    ['uri', 'http://[v7.abc]/', true],
    ['uri', 'http://example.org/%C3%A9', true],
    ['uri', 'http://[1:2]/', false],
    ['uri', 'www.example.org', false],
    ['uri', '//example.org/a', false],
    ['uri', 'http://exa mple.org', false],
    ['uri', 'http://example.org/é', false],
    ['uri', 'http://example.org/%zz', false],
    ['uri', '1http://example.org', false],
    ['uri', 'http:', false],
    ['email', 'email@example.com', true],
    ['email', "o'neil.b+list@mail-1.example.ie", true],
    ['email', 'a@localhost', false],
    ['email', 'a..b@example.org', false],
    ['email', '.a@example.org', false],
    ['email', 'a@-example.org', false],
    ['email', 'a@example-.org', false],
    ['email', 'é@example.org', false],
    ['email', 'a b@example.org', false],
    ['date-time', '2023-03-15T10:30:45.123Z', true],
    ['date-time', '2024-09-25T14:23:06.5+01:00', true],
    ['date-time', '2023-03-15t10:30:45z', true],
    ['date-time', '2023-03-15 10:30:45-05:00', true],
    ['date-time', '2023-03-15T10:30:45+0100', true],
    ['date-time', '2023-03-15T10:30:45+01', true],
    ['date-time', '2024-02-29T00:00:00Z', true],
    ['date-time', '2016-12-31T23:59:60Z', true],
    ['date-time', '2017-01-01T00:59:60+01:00', true],
    ['date-time', '2016-12-31T23:59:60+01:00', false],
    ['date-time', '2023-02-29T00:00:00Z', false],
    ['date-time', '2023-13-01T00:00:00Z', false],
    ['date-time', '2023-03-15T24:00:00Z', false],
    ['date-time', '2023-03-15T10:30:45', false],
    ['date-time', '2023-03-15T10:30Z', false],
    ['date-time', '2023-03-15T10:30:45+24:00', false],
    ['date-time', '2023-03-15', false],
  ];
  it.each(cases)('%s %j is %s, as officially', (format, value, valid) => {
    const official = officialAjv('3.1').compile({ type: 'string', format });
    expect(official(value)).toBe(valid);
    expect(matchesFormat(format, value)).toBe(valid);
  });
});
