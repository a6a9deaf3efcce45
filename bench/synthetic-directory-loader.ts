/**
 * Loads synthetic directories fast for the search benchmark: rows written straight into the
 * typed tables as the import would, checked equal to a real import on a sample.
 */
import { type Database, selectRows } from '../src/server/db/client';
import { sql } from 'drizzle-orm';
import {
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsRecord,
  type HsdsSchemas,
  hsdsEntityTypes,
  hsdsSchemasOf,
} from '../src/server/features/directory/hsds';
import { flattenEntity } from '../src/server/features/directory/hsds/hsds-flatten';
import { importDirectory } from '../src/server/features/directory';
import { updateServiceFacets } from '../src/server/features/directory/directory-queries';
import {
  type SyntheticListing,
  generateSyntheticBatches,
  generateSyntheticDirectory,
} from '../src/server/features/directory/data/synthetic-directory';
import { refreshSearchDocuments } from '../src/server/features/search';
import { openEngine } from './support';
/** Typed directory tables as the import fills them (src/server/features/directory/directory-queries.ts). */
type ColumnKind = 'text' | 'number' | 'instant';
type Column = [column: string, field: string, kind: ColumnKind, fallback?: string];
const typedTables: Partial<Record<HsdsEntityType, { table: string; columns: Column[] }>> = {
  taxonomy: { table: 'directory_taxonomies', columns: [['name', 'name', 'text', '']] },
  taxonomy_term: {
    table: 'directory_taxonomy_terms',
    columns: [
      ['taxonomy_id', 'taxonomy_id', 'text'],
      ['parent_id', 'parent_id', 'text'],
      ['code', 'code', 'text'],
      ['name', 'name', 'text', ''],
    ],
  },
  organization: {
    table: 'directory_organizations',
    columns: [
      ['name', 'name', 'text', ''],
      ['description', 'description', 'text'],
      ['parent_organization_id', 'parent_organization_id', 'text'],
    ],
  },
  service: {
    table: 'directory_services',
    columns: [
      ['organization_id', 'organization_id', 'text'],
      ['program_id', 'program_id', 'text'],
      ['name', 'name', 'text', ''],
      ['description', 'description', 'text'],
      ['status', 'status', 'text', 'active'],
      ['minimum_age', 'minimum_age', 'number'],
      ['maximum_age', 'maximum_age', 'number'],
      ['last_modified', 'last_modified', 'instant'],
    ],
  },
  location: {
    table: 'directory_locations',
    columns: [
      ['organization_id', 'organization_id', 'text'],
      ['location_type', 'location_type', 'text', 'physical'],
      ['name', 'name', 'text'],
      ['latitude', 'latitude', 'number'],
      ['longitude', 'longitude', 'number'],
    ],
  },
  service_at_location: {
    table: 'directory_service_at_locations',
    columns: [
      ['service_id', 'service_id', 'text'],
      ['location_id', 'location_id', 'text'],
    ],
  },
  address: {
    table: 'directory_addresses',
    columns: [
      ['location_id', 'location_id', 'text'],
      ['address_type', 'address_type', 'text'],
      ['city', 'city', 'text'],
      ['postal_code', 'postal_code', 'text'],
      ['country', 'country', 'text'],
    ],
  },
  schedule: {
    table: 'directory_schedules',
    columns: [
      ['service_id', 'service_id', 'text'],
      ['location_id', 'location_id', 'text'],
      ['service_at_location_id', 'service_at_location_id', 'text'],
      ['freq', 'freq', 'text'],
      ['byday', 'byday', 'text'],
      ['opens_at', 'opens_at', 'text'],
      ['closes_at', 'closes_at', 'text'],
    ],
  },
  language: {
    table: 'directory_languages',
    columns: [
      ['service_id', 'service_id', 'text'],
      ['location_id', 'location_id', 'text'],
      ['phone_id', 'phone_id', 'text'],
      ['code', 'code', 'text'],
      ['name', 'name', 'text'],
    ],
  },
  accessibility: {
    table: 'directory_accessibility',
    columns: [['location_id', 'location_id', 'text']],
  },
  cost_option: {
    table: 'directory_cost_options',
    columns: [
      ['service_id', 'service_id', 'text'],
      ['option', 'option', 'text'],
      ['amount', 'amount', 'number'],
      ['currency', 'currency', 'text'],
    ],
  },
  attribute: {
    table: 'directory_attributes',
    columns: [
      ['link_id', 'link_id', 'text'],
      ['link_entity', 'link_entity', 'text'],
      ['taxonomy_term_id', 'taxonomy_term_id', 'text'],
    ],
  },
  service_capacity: {
    table: 'directory_service_capacities',
    columns: [
      ['service_id', 'service_id', 'text'],
      ['unit_id', 'unit_id', 'text'],
      ['available', 'available', 'number'],
      ['maximum', 'maximum', 'number'],
      ['updated', 'updated', 'instant'],
    ],
  },
};

function columnSql([, field, kind, fallback]: Column): string {
  const value =
    kind === 'text'
      ? `case when jsonb_typeof(r->'${field}') = 'string' then r->>'${field}' end`
      : kind === 'number'
        ? `case when jsonb_typeof(r->'${field}') = 'number' then (r->>'${field}')::float8 end`
        : `case when jsonb_typeof(r->'${field}') = 'string' then (r->>'${field}')::timestamptz end`;
  return fallback === undefined ? value : `coalesce(${value}, '${fallback}')`;
}

type Facets = Pick<SyntheticListing, 'translations' | 'sourceLanguage' | 'referralStatus'>;
type Row = { r: HsdsRecord; f?: Facets; p?: string[] };

/**
 * One set-based statement per table and batch: the rows arrive as one JSON array, and
 * each typed column is taken from the HSDS record as the import's column mapping does.
 * A stored row is rewritten (and its version moved) only when its record changed, as
 * the import's diff does; the listing facets are those seedDemoDirectory sets after an import.
 */
async function insertRecords(db: Database, type: HsdsEntityType, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(rows);
  const spec = typedTables[type];
  if (!spec) {
    await db.execute(sql`
      insert into directory_records (entity_type, id, parent_ids, record)
      select ${type}, r->>'id', array(select jsonb_array_elements_text(e->'p')), r
      from jsonb_array_elements(${payload}::jsonb) e cross join lateral (select e->'r' as r) x
      on conflict (entity_type, id) do update set parent_ids = excluded.parent_ids,
        record = excluded.record, version = directory_records.version + 1, updated_at = now()
      where directory_records.record is distinct from excluded.record`);
    return;
  }
  const facets: [string, string][] =
    type === 'service'
      ? [
          ['source_language', `e->'f'->>'sourceLanguage'`],
          ['translations', `e->'f'->'translations'`],
          ['referral_status', `e->'f'->>'referralStatus'`],
          ['last_confirmed_at', 'now()'],
        ]
      : [];
  const names = ['id', ...spec.columns.map((c) => c[0]), ...facets.map((f) => f[0]), 'record'];
  const values = [`r->>'id'`, ...spec.columns.map(columnSql), ...facets.map((f) => f[1]), 'r'];
  const updates = [...spec.columns.map((c) => c[0]), 'record'].map((n) => `${n} = excluded.${n}`);
  await db.execute(sql`
    insert into ${sql.raw(spec.table)} (${sql.raw(names.join(', '))})
    select ${sql.raw(values.join(', '))}
    from jsonb_array_elements(${payload}::jsonb) e cross join lateral (select e->'r' as r) x
    on conflict (id) do update set ${sql.raw(updates.join(', '))},
      version = ${sql.raw(spec.table)}.version + 1, updated_at = now()
    where ${sql.raw(spec.table)}.record is distinct from excluded.record`);
}

/** The parents a generic record names, as the import stores them in `parent_ids`. */
function referencesOf(record: HsdsRecord): string[] {
  return Object.entries(record).flatMap(([key, value]) =>
    key.endsWith('_id') && typeof value === 'string' ? [value] : [],
  );
}

/** A batch of listings flattened into HSDS records exactly as the import reads nested JSON. */
async function insertListings(
  db: Database,
  models: HsdsSchemas['models'],
  listings: SyntheticListing[],
): Promise<void> {
  const dataset: HsdsDataset = new Map();
  const facets = new Map<string, Facets>();
  for (const { service, translations, sourceLanguage, referralStatus } of listings) {
    flattenEntity(models, dataset, 'service', service);
    facets.set(service.id, { translations, sourceLanguage, referralStatus });
  }
  for (const type of hsdsEntityTypes) {
    const records = [...(dataset.get(type)?.values() ?? [])];
    await insertRecords(
      db,
      type,
      records.map((r) => {
        if (type === 'service') return { r, f: facets.get(r.id) };
        return typedTables[type] ? { r } : { r, p: referencesOf(r) };
      }),
    );
  }
}

/**
 * The benchmark's fixture: large batches written set-based in one transaction, then the
 * search documents and lexicon rebuilt once, then statistics for the planner. The
 * directory import would take an hour for 100k services (a diff and HSDS history per
 * record); `checkFixtureMatchesImport` shows the rows are the same as the import's.
 */
export async function loadSynthetic(
  db: Database,
  count: number,
  onBatch: (listings: SyntheticListing[]) => void = () => undefined,
): Promise<void> {
  const { models } = hsdsSchemasOf('3.1');
  await db.transaction(async (tx) => {
    // Secondary indexes are built once after the rows rather than row by row; the primary
    // keys stay, as the upserts need them. The directory's come back before the documents
    // are built from it, the documents' once they are written.
    const directory = await dropSecondaryIndexes(tx, [
      ...Object.values(typedTables).map((spec) => spec.table),
      'directory_records',
    ]);
    const search = await dropSecondaryIndexes(tx, ['directory_search_documents']);
    for (const batch of generateSyntheticBatches({ count, seed: 1, batchSize: 5000 })) {
      await insertListings(tx, models, batch);
      onBatch(batch);
    }
    for (const definition of directory) await tx.execute(sql.raw(definition));
    // Statistics before the rebuild: without them the planner joins the fresh tables blindly.
    await tx.execute(sql`analyze`);
    await refreshSearchDocuments(tx, 'all');
    for (const definition of search) await tx.execute(sql.raw(definition));
  });
  await db.execute(sql`analyze`);
}

/** Drops the indexes of `tables` that no constraint owns; returns their definitions. */
async function dropSecondaryIndexes(db: Database, tables: string[]): Promise<string[]> {
  const indexes = await selectRows<{ name: string; definition: string }>(
    db,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    where t.relname in (${sql.join(
      tables.map((table) => sql`${table}`),
      sql`, `,
    )})
    order by 1`,
  );
  const secondary: string[] = [];
  for (const index of indexes) {
    const [owned] = await selectRows<{ owned: boolean }>(
      db,
      sql`select exists (select 1 from pg_constraint where conindid = ${index.name}::regclass) as owned`,
    );
    if (owned?.owned) continue;
    await db.execute(sql.raw(`drop index ${index.name}`));
    secondary.push(index.definition);
  }
  return secondary;
}

/** The rows a comparison leaves out: bookkeeping that differs by when a row was written. */
const unstableColumns = sql.raw(
  `array['version', 'created_at', 'updated_at', 'last_confirmed_at', 'refreshed_at']`,
);
const comparedTables = [
  ...Object.values(typedTables).map((spec) => spec.table),
  'directory_records',
  'directory_search_documents',
  'search_lexicon',
];

async function tableRows(db: Database, table: string): Promise<string[]> {
  const rows = await selectRows<{ row: string }>(
    db,
    sql`select (to_jsonb(t) - ${unstableColumns})::text as row from ${sql.raw(table)} t order by 1`,
  );
  return rows.map((r) => r.row);
}

/**
 * The fixture's promise: a sample loaded through the real import (then the listing facets
 * and search documents, as seedDemoDirectory does) and through the bulk loader gives the
 * same rows in every table search reads, search documents and lexicon included. Only the
 * import's HSDS change history (directory_metadata) is left out of the fixture.
 */
export async function checkFixtureMatchesImport(sample: number): Promise<string> {
  const listings = [...generateSyntheticDirectory({ count: sample, seed: 1 })];
  const imported = await openEngine('embedded');
  const bulk = await openEngine('embedded');
  try {
    const db = imported.handle.db;
    await db.transaction(async (tx) => {
      const report = await importDirectory(
        tx,
        { accountId: null, origin: { ip: null, userAgent: 'bench' }, label: 'bench' },
        {
          files: [
            { name: 'synthetic.json', content: JSON.stringify(listings.map((l) => l.service)) },
          ],
          version: '3.1',
        },
      );
      if (report.status !== 'imported') throw new Error(JSON.stringify(report.issues[0]));
      for (const { service, sourceLanguage, translations, referralStatus } of listings) {
        await updateServiceFacets(tx, service.id, { sourceLanguage, translations, referralStatus });
      }
      await refreshSearchDocuments(
        tx,
        listings.map((l) => l.service.id),
      );
    });
    await loadSynthetic(bulk.handle.db, sample);
    const differing: string[] = [];
    let compared = 0;
    for (const table of comparedTables) {
      const [a, b] = [await tableRows(db, table), await tableRows(bulk.handle.db, table)];
      compared += a.length;
      if (a.length !== b.length || a.some((row, i) => row !== b[i])) {
        differing.push(`${table} (${a.length} imported, ${b.length} bulk)`);
      }
    }
    return differing.length === 0
      ? `bulk fixture = import on ${sample} listings (${compared} rows in ${comparedTables.length} tables)`
      : `bulk fixture DIFFERS from import on ${sample} listings: ${differing.join(', ')}`;
  } finally {
    await imported.drop();
    await bulk.drop();
  }
}
