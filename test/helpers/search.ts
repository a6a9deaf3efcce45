import type { JudgedQuery } from '../../src/server/features/directory/data/judged-queries';

/** The search request a judged query stands for. */
export function judgedSearchUrl(query: JudgedQuery, perPage = 3): string {
  const params = new URLSearchParams({ q: query.query, perPage: String(perPage) });
  const f = query.filters;
  if (f?.category) params.set('category', f.category);
  if (f?.near) {
    params.set('lat', String(f.near.lat));
    params.set('lon', String(f.near.lon));
    params.set('km', String(f.near.km));
  }
  if (f?.freeOnly) params.set('cost', 'free');
  if (f?.language) params.set('language', f.language);
  return `/api/directory/search?${params.toString()}`;
}
