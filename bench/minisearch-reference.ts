/** MiniSearch over the same listings, with the same filters: the in-process reference the search benchmark compares with. */
import MiniSearch from 'minisearch';
import { loadDemoDirectory } from '../src/server/features/directory/data/demo-directory';
import { loadJudgedQueries } from '../src/server/features/directory/data/judged-queries';
import { type SyntheticListing } from '../src/server/features/directory/data/synthetic-directory';
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

export function miniJudgedPassRate(): number {
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
