import { describe, expect, it } from 'vitest';
import { categories } from '../../../../shared/directory-categories';
import { HsdsService } from './hsds-service';
import { officialHsdsValidator } from '../../../../../test/helpers/hsds-official';
import { categoriesOfService } from './service-categories';
import {
  type SyntheticListing,
  createRandom,
  generateSyntheticBatches,
  generateSyntheticDirectory,
} from './synthetic-directory';

function take(count: number, seed: number): SyntheticListing[] {
  return [...generateSyntheticDirectory({ count, seed })];
}

describe('synthetic directory', () => {
  const listings = take(2000, 42);

  it('is deterministic for a seed, a smaller directory being a prefix of a larger one', () => {
    expect(JSON.stringify(take(2000, 42))).toBe(JSON.stringify(listings));
    expect(JSON.stringify(take(300, 42))).toBe(JSON.stringify(listings.slice(0, 300)));
    expect(take(50, 43).map((l) => l.service.name)).not.toEqual(
      listings.slice(0, 50).map((l) => l.service.name),
    );
  });

  it('validates a sample of 200 against the official HSDS 3.1 service schema', () => {
    const validate = officialHsdsValidator('service');
    const sample = listings.filter((_, i) => i % 10 === 0);
    expect(sample).toHaveLength(200);
    const failures = sample.flatMap((l) => validate(l.service).map((e) => `${l.service.id} ${e}`));
    expect(failures).toEqual([]);
    for (const listing of sample) expect(HsdsService.safeParse(listing.service).success).toBe(true);
  });

  it('spreads over every category, both countries and both languages', () => {
    for (const category of categories) {
      const count = listings.filter((l) => categoriesOfService(l.service).includes(category.key));
      expect(count.length, category.key).toBeGreaterThan(50);
    }
    const countries = new Set(
      listings.flatMap((l) =>
        (l.service.service_at_locations ?? []).flatMap(
          (sal) => sal.location?.addresses?.map((a) => a.country) ?? [],
        ),
      ),
    );
    expect([...countries].sort()).toEqual(['CA', 'FR']);
    const sources = listings.map((l) => l.sourceLanguage);
    expect(sources.filter((s) => s === 'fr').length).toBeGreaterThan(500);
    expect(sources.filter((s) => s === 'en').length).toBeGreaterThan(300);
    expect(listings.some((l) => l.translations.fr && l.translations.en)).toBe(true);
    const currencies = new Set(
      listings.flatMap((l) => l.service.cost_options?.map((c) => c.currency)),
    );
    expect(currencies).toEqual(new Set(['CAD', 'EUR']));
  });

  it('keeps ids unique and shared organisations identical', () => {
    const services = new Set(listings.map((l) => l.service.id));
    expect(services.size).toBe(listings.length);
    const organizations = new Map<string, string>();
    for (const { service } of listings) {
      const json = JSON.stringify(service.organization);
      const id = service.organization?.id ?? '';
      expect(organizations.get(id) ?? json).toBe(json);
      organizations.set(id, json);
    }
    expect(organizations.size).toBeLessThan(listings.length / 2);
    const all = listings.flatMap((l) => idsIn(l.service));
    const distinctPerService = listings.reduce((sum, l) => sum + new Set(idsIn(l.service)).size, 0);
    expect(new Set(all).size).toBeGreaterThan(distinctPerService * 0.5);
  });

  it('keeps the text in the source language in the HSDS record', () => {
    for (const listing of listings.slice(0, 200)) {
      const text = listing.translations[listing.sourceLanguage];
      expect(text?.name).toBe(listing.service.name);
      expect(text?.description).toBe(listing.service.description);
    }
  });

  // About a second on an idle laptop; the bound leaves room for a busy CI machine.
  it('makes 100k services in batches without running away', { timeout: 120_000 }, () => {
    const started = performance.now();
    const sizes: number[] = [];
    for (const batch of generateSyntheticBatches({ count: 100_000, seed: 1, batchSize: 5000 })) {
      sizes.push(batch.length);
    }
    expect(sizes).toHaveLength(20);
    expect(sizes.every((size) => size === 5000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('draws numbers in [0, 1) without Math.random', () => {
    const random = createRandom(5);
    const values = Array.from({ length: 1000 }, () => random.next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(createRandom(5).next()).toBe(values[0]);
  });
});

function idsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(idsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      key === 'id' && typeof v === 'string' ? [v] : idsIn(v),
    );
  }
  return [];
}
