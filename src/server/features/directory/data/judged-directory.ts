import type {
  HsdsSchedule,
  HsdsService,
  ListingLanguage,
  ReferralStatus,
  ServiceTranslations,
} from './hsds-service';
import { loadDemoDirectory } from './demo-directory';
import { generateSyntheticDirectory } from './synthetic-directory';

/** One listing of the directory the judged queries are judged over. */
export type JudgedListing = {
  service: HsdsService;
  translations: ServiceTranslations;
  sourceLanguage: ListingLanguage;
  referralStatus: ReferralStatus;
  /** For a synthetic listing: the activity it was made from (its English name). */
  activity?: string;
};

/** The first listings of the benchmark's synthetic directory (seed 1) join the demo ones. */
export const judgedSyntheticCount = 240;

let cached: JudgedListing[] | undefined;

/**
 * The demo directory and 240 synthetic listings, each of these written in its source
 * language only, as most feeds are: 312 services in French and English over Ontario and
 * France, with many listings of the same kind of activity for ranking to tell apart.
 */
export function loadJudgedDirectory(): JudgedListing[] {
  if (cached) return cached;
  const demo = loadDemoDirectory();
  const demoListings: JudgedListing[] = demo.services.map((service) => ({
    service,
    translations: demo.translations[service.id] ?? {},
    sourceLanguage: demo.sourceLanguage[service.id] ?? 'en',
    referralStatus: demo.referralStatus[service.id] ?? 'open',
  }));
  const synthetic = [...generateSyntheticDirectory({ count: judgedSyntheticCount, seed: 1 })].map(
    (listing) => ({
      ...listing,
      translations: { [listing.sourceLanguage]: listing.translations[listing.sourceLanguage] },
    }),
  );
  cached = [...demoListings, ...synthetic];
  return cached;
}

/** The facts about a listing that a judged query's stated needs are checked against. */
export type ListingFacts = {
  free: boolean;
  minimumAge: number | null;
  maximumAge: number | null;
  days: string[];
  /** Opening times, HH:MM. */
  opensAt: string[];
  point: { lat: number; lon: number } | null;
  writtenIn: ListingLanguage[];
};

export function listingFacts(listing: JudgedListing): ListingFacts {
  const { service } = listing;
  const schedules = [
    ...(service.schedules ?? []),
    // HSDS lets a service at a location carry its own schedules; our type leaves them loose.
    ...(service.service_at_locations ?? []).flatMap(
      (sal) => (sal as { schedules?: HsdsSchedule[] }).schedules ?? [],
    ),
  ];
  const location = service.service_at_locations?.[0]?.location;
  return {
    free: (service.cost_options ?? []).every((c) => (c.amount ?? 0) === 0),
    minimumAge: service.minimum_age ?? null,
    maximumAge: service.maximum_age ?? null,
    days: schedules.flatMap((s) => (s.byday ?? '').split(',').map((d) => d.replace(/^-?\d/, ''))),
    opensAt: schedules.flatMap((s) => (s.opens_at ? [s.opens_at.slice(0, 5)] : [])),
    point:
      location?.latitude != null && location.longitude != null
        ? { lat: Number(location.latitude), lon: Number(location.longitude) }
        : null,
    writtenIn: (['fr', 'en'] as const).filter((l) => listing.translations[l] !== undefined),
  };
}

export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
