import { describe, expect, it } from 'vitest';
import { categories } from '../../../../shared/directory-categories';
import { loadDemoDirectory } from './demo-directory';
import { officialHsdsValidator } from '../../../../../test/helpers/hsds-official';
import { categoriesOfService, categoryAttribute } from './service-categories';
import type { HsdsService } from './hsds-service';

const areas = {
  cornwall: { lat: [44.98, 45.07], lon: [-74.85, -74.6], postal: /^K6[HJK] \d[A-Z]\d$/ },
  parkdale: { lat: [43.62, 43.67], lon: [-79.47, -79.39], postal: /^M6[JKR] \d[A-Z]\d$/ },
  ottawa: { lat: [45.35, 45.47], lon: [-75.8, -75.6], postal: /^K1[A-Z] \d[A-Z]\d$/ },
} as const;

function locationsOf(service: HsdsService) {
  return (service.service_at_locations ?? []).flatMap((sal) =>
    sal.location ? [sal.location] : [],
  );
}

describe('demo directory', () => {
  const directory = loadDemoDirectory();

  it('validates every service against the official HSDS 3.1 service schema', () => {
    const validate = officialHsdsValidator('service');
    const failures = directory.services.flatMap((service) =>
      validate(service).map((error) => `${service.name}: ${error}`),
    );
    expect(failures).toEqual([]);
    expect(validate({ ...directory.services[0], status: 'maybe' }).length).toBeGreaterThan(0);
  });

  it('has at least 60 services, at least 6 in every category', () => {
    expect(directory.services.length).toBeGreaterThanOrEqual(60);
    for (const category of categories) {
      const count = directory.services.filter((s) =>
        categoriesOfService(s).includes(category.key),
      ).length;
      expect(count, category.key).toBeGreaterThanOrEqual(6);
    }
  });

  it('links every service to at least one category, as categoryAttribute writes it', () => {
    for (const service of directory.services) {
      const keys = categoriesOfService(service);
      expect(keys.length, service.name).toBeGreaterThan(0);
      const language = directory.sourceLanguage[service.id] ?? 'en';
      const expected = (service.attributes ?? []).map((attribute, i) =>
        categoryAttribute(attribute.id, service.id, keys[i] ?? 'social', language),
      );
      expect(service.attributes).toEqual(expected);
    }
  });

  it('has French-only, English-only and bilingual listings', () => {
    const shapes = directory.services.map((s) => {
      const text = directory.translations[s.id];
      return `${text?.fr ? 'fr' : ''}${text?.en ? 'en' : ''}`;
    });
    expect(shapes.filter((s) => s === 'fr').length).toBeGreaterThanOrEqual(10);
    expect(shapes.filter((s) => s === 'en').length).toBeGreaterThanOrEqual(10);
    expect(shapes.filter((s) => s === 'fren').length).toBeGreaterThanOrEqual(5);
    const sources = Object.values(directory.sourceLanguage);
    expect(sources).toContain('fr');
    expect(sources).toContain('en');
  });

  it('places every physical location in Cornwall, the Parkdale area or Ottawa, with a matching postal code', () => {
    const counts = { cornwall: 0, parkdale: 0, ottawa: 0, virtual: 0 };
    for (const service of directory.services) {
      for (const location of locationsOf(service)) {
        if (location.location_type === 'virtual') {
          counts.virtual += 1;
          continue;
        }
        const { latitude: lat, longitude: lon } = location;
        const area = Object.entries(areas).find(
          ([, a]) =>
            lat !== undefined &&
            lon !== undefined &&
            lat >= a.lat[0] &&
            lat <= a.lat[1] &&
            lon >= a.lon[0] &&
            lon <= a.lon[1],
        );
        expect(area, `${service.name} at ${lat}, ${lon}`).toBeDefined();
        if (!area) continue;
        const [name, bounds] = area;
        counts[name as keyof typeof counts] += 1;
        for (const address of location.addresses ?? []) {
          expect(address.postal_code, service.name).toMatch(bounds.postal);
          expect(address.country).toBe('CA');
        }
      }
    }
    expect(counts.cornwall).toBeGreaterThanOrEqual(20);
    expect(counts.parkdale).toBeGreaterThanOrEqual(20);
    expect(counts.ottawa).toBeGreaterThanOrEqual(3);
    expect(counts.virtual).toBeGreaterThanOrEqual(4);
  });

  it('lists mostly French around Cornwall and mostly English around Parkdale', () => {
    const sourceIn = (lat: readonly number[]) =>
      directory.services
        .filter((s) =>
          locationsOf(s).some(
            (l) =>
              l.latitude !== undefined &&
              l.latitude >= (lat[0] ?? 0) &&
              l.latitude <= (lat[1] ?? 0),
          ),
        )
        .map((s) => directory.sourceLanguage[s.id]);
    const cornwall = sourceIn(areas.cornwall.lat);
    const parkdale = sourceIn(areas.parkdale.lat);
    expect(cornwall.filter((l) => l === 'fr').length / cornwall.length).toBeGreaterThan(0.8);
    expect(parkdale.filter((l) => l === 'en').length / parkdale.length).toBeGreaterThan(0.8);
  });

  it('gives schedules, languages, costs and phones to every service, and uses fictional contacts', () => {
    for (const service of directory.services) {
      expect(service.schedules?.length, service.name).toBeGreaterThan(0);
      for (const schedule of service.schedules ?? []) {
        expect(schedule.byday).toMatch(
          /^(-?\d)?(MO|TU|WE|TH|FR|SA|SU)(,(-?\d)?(MO|TU|WE|TH|FR|SA|SU))*$/,
        );
        expect(schedule.opens_at).toMatch(/^\d\d:\d\d$/);
        expect(schedule.closes_at).toMatch(/^\d\d:\d\d$/);
        expect((schedule.opens_at ?? '') < (schedule.closes_at ?? '')).toBe(true);
      }
      expect(service.languages?.map((l) => l.code).every((c) => c === 'fr' || c === 'en')).toBe(
        true,
      );
      expect(service.cost_options?.length, service.name).toBeGreaterThan(0);
      for (const phone of [...(service.phones ?? []), ...(service.organization?.phones ?? [])]) {
        expect(phone.number).toMatch(/555-01\d\d$/);
      }
      for (const url of [service.url, service.organization?.website]) {
        expect(url).toMatch(/^https:\/\/([a-z-]+\.)?example\.org(\/|$)/);
      }
    }
  });

  it('keeps one version of each shared organisation and location', () => {
    const seen = new Map<string, string>();
    for (const service of directory.services) {
      for (const entity of [service.organization, ...locationsOf(service)]) {
        if (!entity) continue;
        const json = JSON.stringify(entity);
        expect(seen.get(entity.id) ?? json, entity.id).toBe(json);
        seen.set(entity.id, json);
      }
    }
  });

  it('has a referral status for every service, some not open', () => {
    const statuses = directory.services.map((s) => directory.referralStatus[s.id]);
    expect(statuses).toContain('waitlist');
    expect(statuses).toContain('full');
  });
});
