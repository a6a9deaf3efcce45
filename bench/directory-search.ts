/**
 * Directory search benchmark: loads synthetic directories into the PostgreSQL server and the embedded engine,
 * times the search API over real HTTP, and compares with MiniSearch on the same data.
 * BENCH_SIZES=10000,100000 (default) picks the sizes (0: the judged set alone); BENCH_ENGINES=server,embedded
 * the engines. The judged set (judged-queries.json over the judged directory) is scored per group:
 * pass rate at 3, precision at 3, nDCG at 5.
 */
import MiniSearch from 'minisearch';
import { loadJudgedDirectory } from '../src/server/features/directory/data/judged-directory';
import { type Engine, type Server, openEngine, percentile, startServer } from './support';
import { formatJudgedRun, runJudgedQueries, seedJudgedDirectory } from '../test/helpers/search';
import { checkFixtureMatchesImport, loadSynthetic } from './synthetic-directory-loader';
import { type MiniDoc, buildMini, miniDocs, miniJudgedRun, timeMini } from './minisearch-reference';

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
const natural = (q: string): BenchQuery => ({ group: 'natural', params: { q } });

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
  natural('something social for my dad who lost his wife'),
  natural('cours de cuisine pas cher'),
  natural('free exercise class for older adults'),
  natural('sorties en nature la fin de semaine'),
];

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

const fmt = (n: number): string => n.toFixed(2).padStart(8);

export async function runDirectorySearchBench(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '10000,100000')
    .split(',')
    .map(Number)
    .filter((size) => size > 0);
  const engines = (process.env.BENCH_ENGINES ?? 'server,embedded').split(',') as Engine[];
  console.log(
    `directory search: ${benchQueries.length} queries, sizes ${sizes.join(', ')}, engines ${engines.join(', ')}`,
  );
  console.log(await checkFixtureMatchesImport(200));
  console.log(
    `engine      size  group               median      p95 (ms, HTTP) | MiniSearch median/p95 (ms, in process) | ratio median/p95`,
  );
  const minis = new Map<number, { mini: MiniSearch<MiniDoc>; byId: Map<string, MiniDoc> }>();
  for (const engine of engines) {
    for (const size of sizes) {
      const { handle, drop } = await openEngine(engine);
      try {
        const loadStart = performance.now();
        const docs: MiniDoc[] = [];
        const keepDocs = !minis.has(size);
        await loadSynthetic(handle.db, size, (batch) => {
          if (keepDocs) docs.push(...miniDocs(batch));
        });
        const loadSeconds = (performance.now() - loadStart) / 1000;
        console.log(
          `${engine.padEnd(9)} ${String(size).padStart(7)} load ${loadSeconds.toFixed(1)} s`,
        );
        // MiniSearch indexes the same listings once per size, for every engine to compare with.
        if (keepDocs)
          minis.set(size, { mini: buildMini(docs), byId: new Map(docs.map((d) => [d.id, d])) });
        const server = await startServer(handle, 'administrator');
        const rounds = size >= 100_000 ? 5 : 10;
        const http = await timeHttp(server, rounds);
        await server.close();
        const reference = minis.get(size);
        const mini = reference
          ? timeMini(reference.mini, reference.byId, benchQueries, rounds)
          : new Map();
        for (const [group, times] of http) {
          const s = summarise(times);
          const m = summarise(mini.get(group) ?? []);
          console.log(
            `${engine.padEnd(9)} ${String(size).padStart(7)} ${group.padEnd(19)} ${fmt(s.median)} ${fmt(s.p95)} | ${fmt(m.median)} ${fmt(m.p95)} | x${(s.median / m.median).toFixed(2)} / x${(s.p95 / m.p95).toFixed(2)}`,
          );
        }
      } finally {
        await drop();
      }
    }
  }
  const reference = await miniJudgedRun();
  console.log(`judged set, MiniSearch for reference:\n${formatJudgedRun(reference)}`);
  for (const engine of engines) {
    const { handle, drop } = await openEngine(engine);
    try {
      await seedJudgedDirectory(handle.db);
      const server = await startServer(handle, 'administrator');
      const ours = await runJudgedQueries(async (url) => {
        const body = (await server.get(url)).body as { items: { id: string }[] };
        return body.items.map((i) => i.id);
      });
      console.log(`judged set (${loadJudgedDirectory().length} services) on ${engine}, ours:`);
      console.log(formatJudgedRun(ours));
      console.log(`missed: ${ours.missed.join('; ')}`);
      await server.close();
    } finally {
      await drop();
    }
  }
}
