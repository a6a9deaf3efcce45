/** MiniSearch over the same listings, with the same filters: the in-process reference the search benchmark compares with. */
import MiniSearch from 'minisearch';
import { loadJudgedDirectory } from '../src/server/features/directory/data/judged-directory';
import { type JudgedRun, runJudgedQueries } from '../test/helpers/search';
import type { SyntheticListing } from '../src/server/features/directory/data/synthetic-directory';
import { categories } from '../src/shared/directory-categories';
export type MiniDoc = {
  id: string;
  text: string;
  categories: string[];
  lat: number;
  lon: number;
  free: boolean;
};

export function miniDocs(
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

export function buildMini(docs: MiniDoc[]): MiniSearch<MiniDoc> {
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

export function timeMini(
  mini: MiniSearch<MiniDoc>,
  byId: Map<string, MiniDoc>,
  queries: readonly { group: string; params: Record<string, string> }[],
  rounds: number,
): Map<string, number[]> {
  const byGroup = new Map<string, number[]>([['all', []]]);
  for (let round = 0; round < rounds; round += 1) {
    for (const query of queries) {
      const started = performance.now();
      miniSearch(mini, byId, query.params);
      const elapsed = performance.now() - started;
      byGroup.get('all')?.push(elapsed);
      byGroup.set(query.group, [...(byGroup.get(query.group) ?? []), elapsed]);
    }
  }
  return byGroup;
}

/** MiniSearch's rankings of the judged queries over the judged directory, scored as ours are. */
export async function miniJudgedRun(): Promise<JudgedRun> {
  const docs = miniDocs(loadJudgedDirectory());
  const mini = buildMini(docs);
  const byId = new Map(docs.map((d) => [d.id, d]));
  return runJudgedQueries((url) => {
    const params = Object.fromEntries(new URL(url, 'http://x').searchParams);
    return Promise.resolve(miniSearch(mini, byId, params).slice(0, 5));
  });
}
