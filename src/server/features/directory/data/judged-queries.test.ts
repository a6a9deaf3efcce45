import { describe, expect, it } from 'vitest';
import { loadDemoDirectory } from './demo-directory';
import { loadJudgedQueries } from './judged-queries';

describe('judged query set', () => {
  const queries = loadJudgedQueries();
  const directory = loadDemoDirectory();
  const byId = new Map(directory.services.map((s) => [s.id, s]));
  const count = (kind: string) => queries.filter((q) => q.kind === kind).length;

  it('has at least 48 queries with the required mix of kinds', () => {
    expect(queries.length).toBeGreaterThanOrEqual(48);
    expect(count('cross-language')).toBeGreaterThanOrEqual(10);
    expect(count('typo')).toBeGreaterThanOrEqual(8);
    expect(count('accent')).toBeGreaterThanOrEqual(6);
    expect(count('plural')).toBeGreaterThanOrEqual(6);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
  });

  it('expects only services of the demo directory', () => {
    for (const query of queries) {
      for (const id of query.expectedTop3) expect(byId.has(id), `${query.id} ${id}`).toBe(true);
    }
  });

  it('includes the examples from the issue', () => {
    const find = (text: string) => queries.filter((q) => q.query === text);
    for (const text of ['atelier de jardinage', 'gardening', 'jardinnage', 'anxiete']) {
      expect(find(text).length, text).toBeGreaterThan(0);
    }
    const logement = find('logement')[0];
    const housingDesk = byId.get(logement?.expectedTop3[0] ?? '');
    expect(housingDesk?.name).toMatch(/housing help desk/i);
    expect(directory.translations[housingDesk?.id ?? '']?.fr).toBeUndefined();
    const popote = find('meals on wheels').find((q) => q.kind === 'cross-language');
    const popoteService = byId.get(popote?.expectedTop3[0] ?? '');
    expect(popoteService?.name).toMatch(/popote roulante/i);
    expect(directory.translations[popoteService?.id ?? '']?.en).toBeUndefined();
  });

  it('expects, for a cross-language query, a listing not written in the query language', () => {
    for (const query of queries.filter((q) => q.kind === 'cross-language')) {
      const foreign = query.expectedTop3.every(
        (id) => directory.translations[id]?.[query.language] === undefined,
      );
      expect(foreign, query.id).toBe(true);
    }
  });

  it('expects services that satisfy the query filters', () => {
    for (const query of queries) {
      const { filters } = query;
      if (!filters) continue;
      for (const id of query.expectedTop3) {
        const service = byId.get(id);
        if (!service) continue;
        if (filters.language) {
          expect(service.languages?.some((l) => l.code === filters.language)).toBe(true);
        }
        if (filters.freeOnly) {
          expect(
            service.cost_options?.every((c) => (c.amount ?? 0) === 0),
            query.id,
          ).toBe(true);
        }
        const near = filters.near;
        if (near) {
          const location = service.service_at_locations?.[0]?.location;
          const km = distanceKm(near.lat, near.lon, location?.latitude, location?.longitude);
          expect(km, query.id).toBeLessThanOrEqual(near.km);
        }
      }
    }
  });
});

function distanceKm(lat1: number, lon1: number, lat2 = NaN, lon2 = NaN): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}
