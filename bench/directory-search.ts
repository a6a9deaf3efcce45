/**
 * Directory search benchmark: loads synthetic directories into PGlite and PostgreSQL,
 * times the search API over real HTTP, and compares with MiniSearch on the same data.
 * BENCH_SIZES=10000,100000 (default) picks the sizes; BENCH_ENGINES=pglite,postgres the engines.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import MiniSearch from 'minisearch';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { type Database, type DatabaseHandle, openDatabase } from '../src/server/db/client';
import {
  directoryAttributes,
  directoryCostOptions,
  directoryLanguages,
  directoryLocations,
  directorySchedules,
  directoryServiceAtLocations,
  directoryServices,
} from '../src/server/db/schema';
import { seedDemoDirectory } from '../src/server/features/directory';
import { loadDemoDirectory } from '../src/server/features/directory/data/demo-directory';
import { loadJudgedQueries } from '../src/server/features/directory/data/judged-queries';
import {
  type SyntheticListing,
  generateSyntheticBatches,
} from '../src/server/features/directory/data/synthetic-directory';
import { refreshSearchDocuments } from '../src/server/features/search';
import { categories } from '../src/shared/directory-categories';
import { makeAccount } from '../test/helpers/factories';
import { judgedSearchUrl } from '../test/helpers/search';

type Engine = 'pglite' | 'postgres';
type BenchQuery = { group: string; params: Record<string, string> };

const toronto = { lat: '43.65', lon: '-79.38' };
const paris = { lat: '48.86', lon: '2.35' };
const text = (q: string): BenchQuery => ({ group: 'text', params: { q } });
const nearText = (q: string, category: string, at: { lat: string; lon: string }): BenchQuery => ({
  group: 'text+category+10km',
  params: { q, category, ...at, km: '10' },
});
const filters = (params: Record<string, string>): BenchQuery => ({ group: 'filters', params });
const variant = (q: string): BenchQuery => ({ group: 'typo/accent', params: { q } });

export const benchQueries: BenchQuery[] = [
  text('gardening'),
  text('atelier de jardinage'),
  text('walking group'),
  text('choir'),
  text('banque alimentaire'),
  text('yoga'),
  text('meals on wheels'),
  text('logement'),
  text('knitting circle'),
  text('bénévolat'),
  nearText('walking', 'physical', toronto),
  nearText('jardin', 'nature', paris),
  nearText('choir', 'arts', toronto),
  nearText('repas', 'practical', paris),
  nearText('volunteer', 'civic', toronto),
  nearText('entraide', 'peer', paris),
  nearText('art', 'arts', paris),
  nearText('food', 'practical', toronto),
  filters({ category: 'nature' }),
  filters({ ...toronto, km: '10' }),
  filters({ cost: 'free', language: 'fr' }),
  filters({ days: 'SA,SU', openFrom: '18:00' }),
  filters({ age: '70', openToReferrals: 'true' }),
  filters({ ...paris, km: '10', cost: 'low' }),
  variant('jardinnage'),
  variant('gardenning'),
  variant('chorrale'),
  variant('anxiete'),
  variant('benevolat'),
  variant('theatre'),
  variant('knittting'),
  variant('popotte roulante'),
];

async function insertListings(db: Database, listings: SyntheticListing[]): Promise<void> {
  const now = new Date();
  const services = listings.map(({ service, translations, sourceLanguage, referralStatus }) => ({
    id: service.id,
    organizationId: service.organization?.id ?? null,
    name: service.name,
    description: service.description ?? null,
    status: 'active',
    minimumAge: service.minimum_age ?? null,
    maximumAge: service.maximum_age ?? null,
    lastModified: now,
    sourceLanguage,
    translations,
    referralStatus,
    record: { id: service.id, name: service.name, status: 'active' },
  }));
  const all = listings.map((l) => l.service);
  const sals = all.flatMap((s) => (s.service_at_locations ?? []).map((sal) => ({ s, sal })));
  const locations = sals.flatMap(({ sal }) => (sal.location ? [sal.location] : []));
  await db.insert(directoryServices).values(services);
  if (locations.length > 0) {
    await db
      .insert(directoryLocations)
      .values(
        locations.map((l) => ({
          id: l.id,
          locationType: l.location_type,
          name: l.name ?? null,
          latitude: l.latitude ?? null,
          longitude: l.longitude ?? null,
          record: { id: l.id },
        })),
      )
      .onConflictDoNothing();
  }
  if (sals.length > 0) {
    await db.insert(directoryServiceAtLocations).values(
      sals.map(({ s, sal }) => ({
        id: sal.id,
        serviceId: s.id,
        locationId: sal.location?.id ?? null,
        record: { id: sal.id },
      })),
    );
  }
  const attributes = all.flatMap((s) =>
    (s.attributes ?? []).map((a) => ({
      id: a.id,
      linkId: s.id,
      linkEntity: 'service',
      taxonomyTermId: a.taxonomy_term_id ?? null,
      record: { id: a.id },
    })),
  );
  if (attributes.length > 0) await db.insert(directoryAttributes).values(attributes);
  const costs = all.flatMap((s) =>
    (s.cost_options ?? []).map((c) => ({
      id: c.id,
      serviceId: s.id,
      option: c.option ?? null,
      amount: c.amount ?? null,
      currency: c.currency ?? null,
      record: { id: c.id },
    })),
  );
  if (costs.length > 0) await db.insert(directoryCostOptions).values(costs);
  const languages = all.flatMap((s) =>
    (s.languages ?? []).map((l) => ({
      id: l.id,
      serviceId: s.id,
      code: l.code ?? null,
      name: l.name ?? null,
      record: { id: l.id },
    })),
  );
  if (languages.length > 0) await db.insert(directoryLanguages).values(languages);
  const schedules = all.flatMap((s) =>
    (s.schedules ?? []).map((sc) => ({
      id: sc.id,
      serviceId: s.id,
      freq: sc.freq ?? null,
      byday: sc.byday ?? null,
      opensAt: sc.opens_at ?? null,
      closesAt: sc.closes_at ?? null,
      record: { id: sc.id },
    })),
  );
  if (schedules.length > 0) await db.insert(directorySchedules).values(schedules);
}

/** Batched inserts in one transaction, then the search documents in bulk SQL. */
async function loadSynthetic(db: Database, count: number): Promise<SyntheticListing[]> {
  const kept: SyntheticListing[] = [];
  await db.transaction(async (tx) => {
    for (const batch of generateSyntheticBatches({ count, seed: 1, batchSize: 500 })) {
      await insertListings(tx, batch);
      kept.push(...batch);
    }
    await refreshSearchDocuments(tx, 'all');
  });
  return kept;
}

async function openEngine(
  engine: Engine,
): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
    await handle.migrate();
    return { handle, drop: () => handle.close() };
  }
  const name = `passerelle_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({
      connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const handle = await openDatabase({
    kind: 'postgres',
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
  });
  await handle.migrate();
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

type Server = {
  get(path: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
};

async function startServer(handle: DatabaseHandle): Promise<Server> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIGN_IN_RATE_PER_MINUTE: '1000',
  });
  const app = await buildApp({ config, database: handle });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const account = await makeAccount(handle.db, [{ role: 'administrator' }]);
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    get: async (path) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      return { status: response.status, body: await response.json() };
    },
    close: () => app.close(),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function summarise(times: number[]): { median: number; p95: number } {
  const sorted = times.toSorted((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

async function timeHttp(server: Server, rounds: number): Promise<Map<string, number[]>> {
  const byGroup = new Map<string, number[]>([['all', []]]);
  for (const query of benchQueries) await server.get(searchPath(query.params)); // warm up
  for (let round = 0; round < rounds; round += 1) {
    for (const query of benchQueries) {
      const started = performance.now();
      const response = await server.get(searchPath(query.params));
      const elapsed = performance.now() - started;
      if (response.status !== 200) throw new Error(`${JSON.stringify(query)}: ${response.status}`);
      byGroup.get('all')?.push(elapsed);
      byGroup.set(query.group, [...(byGroup.get(query.group) ?? []), elapsed]);
    }
  }
  return byGroup;
}

function searchPath(params: Record<string, string>): string {
  return `/api/directory/search?${new URLSearchParams({ perPage: '20', ...params }).toString()}`;
}

type MiniDoc = {
  id: string;
  text: string;
  categories: string[];
  lat: number;
  lon: number;
  free: boolean;
};

function miniDocs(
  listings: {
    service: SyntheticListing['service'];
    translations: SyntheticListing['translations'];
  }[],
): MiniDoc[] {
  return listings.map(({ service, translations }) => {
    const location = service.service_at_locations?.[0]?.location;
    return {
      id: service.id,
      text: [
        service.name,
        service.description,
        translations.fr?.name,
        translations.fr?.description,
        translations.en?.name,
        translations.en?.description,
      ].join(' '),
      categories: (service.attributes ?? []).flatMap((a) =>
        a.taxonomy_term_id ? [a.taxonomy_term_id] : [],
      ),
      lat: location?.latitude ?? Number.NaN,
      lon: location?.longitude ?? Number.NaN,
      free: (service.cost_options ?? []).some((c) => c.amount === 0),
    };
  });
}

function buildMini(docs: MiniDoc[]): MiniSearch<MiniDoc> {
  const mini = new MiniSearch<MiniDoc>({
    fields: ['text'],
    storeFields: ['id'],
    processTerm: (term) =>
      term
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase(),
    searchOptions: { fuzzy: 0.2, prefix: true },
  });
  mini.addAll(docs);
  return mini;
}

function kmBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

/** MiniSearch with the same filters applied as a predicate: the in-process reference. */
function miniSearch(
  mini: MiniSearch<MiniDoc>,
  byId: Map<string, MiniDoc>,
  params: Record<string, string>,
): string[] {
  const categoryId = categories.find((c) => c.key === params.category)?.id;
  const keep = (doc: MiniDoc | undefined): boolean =>
    doc !== undefined &&
    (!categoryId || doc.categories.includes(categoryId)) &&
    (!params.km ||
      kmBetween(Number(params.lat), Number(params.lon), doc.lat, doc.lon) <= Number(params.km)) &&
    (params.cost !== 'free' || doc.free);
  if (!params.q)
    return [...byId.values()]
      .filter(keep)
      .slice(0, 20)
      .map((d) => d.id);
  return mini
    .search(params.q, { filter: (r) => keep(byId.get(String(r.id))) })
    .slice(0, 20)
    .map((r) => String(r.id));
}

function timeMini(mini: MiniSearch<MiniDoc>, byId: Map<string, MiniDoc>, rounds: number): number[] {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const query of benchQueries) {
      const started = performance.now();
      miniSearch(mini, byId, query.params);
      times.push(performance.now() - started);
    }
  }
  return times;
}

async function judgedPassRate(server: Server): Promise<number> {
  const judged = loadJudgedQueries();
  let passed = 0;
  for (const query of judged) {
    const body = (await server.get(judgedSearchUrl(query))).body as { items: { id: string }[] };
    if (query.expectedTop3.some((id) => body.items.slice(0, 3).some((i) => i.id === id)))
      passed += 1;
  }
  return passed / judged.length;
}

function miniJudgedPassRate(): number {
  const demo = loadDemoDirectory();
  const docs = miniDocs(
    demo.services.map((service) => ({
      service,
      translations: demo.translations[service.id] ?? {},
    })),
  );
  const mini = buildMini(docs);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const judged = loadJudgedQueries();
  let passed = 0;
  for (const query of judged) {
    const f = query.filters;
    const params: Record<string, string> = { q: query.query };
    if (f?.category) params.category = f.category;
    if (f?.near)
      Object.assign(params, {
        lat: String(f.near.lat),
        lon: String(f.near.lon),
        km: String(f.near.km),
      });
    if (f?.freeOnly) params.cost = 'free';
    const top3 = miniSearch(mini, byId, params).slice(0, 3);
    if (query.expectedTop3.some((id) => top3.includes(id))) passed += 1;
  }
  return passed / judged.length;
}

const fmt = (n: number): string => n.toFixed(2).padStart(8);

export async function runDirectorySearchBench(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
  const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as Engine[];
  console.log(
    `directory search: ${benchQueries.length} queries, sizes ${sizes.join(', ')}, engines ${engines.join(', ')}`,
  );
  const rows: string[] = [];
  for (const engine of engines) {
    for (const size of sizes) {
      const { handle, drop } = await openEngine(engine);
      try {
        const loadStart = performance.now();
        const listings = await loadSynthetic(handle.db, size);
        const loadSeconds = (performance.now() - loadStart) / 1000;
        const server = await startServer(handle);
        const rounds = size >= 100_000 ? 5 : 10;
        const http = await timeHttp(server, rounds);
        await server.close();
        const docs = miniDocs(listings);
        const mini = buildMini(docs);
        const mq = summarise(timeMini(mini, new Map(docs.map((d) => [d.id, d])), rounds));
        for (const [group, times] of http) {
          const s = summarise(times);
          const ratio =
            group === 'all'
              ? `  x${(s.p95 / mq.p95).toFixed(1)} MiniSearch p95 (${fmt(mq.median)} /${fmt(mq.p95)} ms)`
              : '';
          rows.push(
            `${engine.padEnd(9)} ${String(size).padStart(7)} ${group.padEnd(19)} ${fmt(s.median)} ${fmt(s.p95)}${ratio}`,
          );
        }
        rows.push(
          `${engine.padEnd(9)} ${String(size).padStart(7)} load ${loadSeconds.toFixed(1)} s`,
        );
      } finally {
        await drop();
      }
    }
  }
  const { handle, drop } = await openEngine('pglite');
  try {
    await seedDemoDirectory(
      handle.db,
      { standardsDir: loadConfig({ NODE_ENV: 'test' }).hsdsStandardsDir },
      [],
    );
    const server = await startServer(handle);
    rows.push(
      `judged set (demo directory): ours ${(100 * (await judgedPassRate(server))).toFixed(1)}%, MiniSearch ${(100 * miniJudgedPassRate()).toFixed(1)}%`,
    );
    await server.close();
  } finally {
    await drop();
  }
  console.log(`engine      size  group                 median      p95 (ms, over HTTP)`);
  for (const row of rows) console.log(row);
}
