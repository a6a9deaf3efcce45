import type {
  ListingDetail,
  ListingDetailPlace,
  ListingDetailSchedule,
} from '../../../shared/contracts/listing-detail';
import { type CategoryKey, categories } from '../../../shared/directory-categories';
import type { Locale } from '../../../shared/locale';
import type { ListingFacts } from './listing-detail-queries';
import type { ListingRow } from './listings-queries';
import { bilingualText, isPossiblyStale } from './listings-rules';

type Json = Record<string, unknown>;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const list = (value: unknown): Json[] =>
  Array.isArray(value)
    ? value.filter((item): item is Json => typeof item === 'object' && item !== null)
    : [];
const object = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;

const categoryKeyById = new Map<string, CategoryKey>(categories.map((c) => [c.id, c.key]));

function presentPlace(serviceAtLocation: Json): ListingDetailPlace | null {
  const location = object(serviceAtLocation.location);
  if (!location) return null;
  const [address] = list(location.addresses);
  const lat = number(location.latitude);
  const lon = number(location.longitude);
  return {
    name: text(location.name),
    address: address
      ? {
          line: [text(address.address_1), text(address.address_2)].filter(Boolean).join(', '),
          city: text(address.city) ?? '',
          stateProvince: text(address.state_province) ?? '',
          postalCode: text(address.postal_code) ?? '',
        }
      : null,
    location: lat !== null && lon !== null ? { lat, lon } : null,
    accessibility: list(location.accessibility).flatMap((a) => {
      const said = text(a.description) ?? text(a.details);
      return said ? [said] : [];
    }),
  };
}

function presentSchedule(schedule: Json): ListingDetailSchedule {
  return {
    byday: text(schedule.byday),
    opensAt: text(schedule.opens_at),
    closesAt: text(schedule.closes_at),
    validFrom: text(schedule.valid_from),
    validTo: text(schedule.valid_to),
    description: text(schedule.description),
  };
}

/**
 * A listing from its nested HSDS record: the name and description in the caller's language
 * when the listing has them, the rest as the partner wrote it.
 */
export function presentListingDetail(
  record: Json,
  listing: ListingRow,
  facts: ListingFacts | undefined,
  locale: Locale,
  now: Date,
  staleAfterDays: number,
): ListingDetail {
  const texts = bilingualText(listing);
  const wanted = texts[locale];
  const inLocale = wanted.name !== '';
  const places = list(record.service_at_locations);
  const schedules = [
    ...list(record.schedules),
    ...places.flatMap((place) => list(place.schedules)),
  ];
  const languageCodes = list(record.languages).flatMap((l) => {
    const code = text(l.code);
    return code ? [code.toLowerCase()] : [];
  });
  return {
    id: listing.id,
    name: inLocale ? wanted.name : listing.name,
    description: inLocale ? text(wanted.description) : listing.description,
    lang: inLocale ? locale : listing.sourceLanguage,
    sourceLanguage: listing.sourceLanguage,
    organizationName: listing.organizationName,
    categories: (facts?.categoryIds ?? []).flatMap((id) => {
      const key = categoryKeyById.get(id);
      return key ? [key] : [];
    }),
    url: text(record.url),
    email: text(record.email),
    phones: list(record.phones).flatMap((phone) => {
      const said = text(phone.number);
      if (!said) return [];
      const languages = list(phone.languages).flatMap((l) =>
        text(l.code) ? [String(l.code)] : [],
      );
      return [{ number: said, languages }];
    }),
    places: places.flatMap((place) => {
      const presented = presentPlace(place);
      return presented ? [presented] : [];
    }),
    schedules: schedules.map(presentSchedule),
    costs: list(record.cost_options).map((cost) => ({
      option: text(cost.option),
      amount: number(cost.amount),
      currency: text(cost.currency),
    })),
    feesDescription: text(record.fees_description),
    languages: [...new Set(languageCodes)],
    eligibility: text(record.eligibility_description),
    applicationProcess: text(record.application_process),
    minimumAge: number(record.minimum_age),
    maximumAge: number(record.maximum_age),
    capacities: list(record.capacities).map((capacity) => ({
      available: number(capacity.available),
      maximum: number(capacity.maximum),
      unit: text(object(capacity.unit)?.name),
      description: text(capacity.description),
    })),
    referralStatus: facts?.referralStatus ?? listing.referralStatus,
    possiblyStale: isPossiblyStale(listing, now, staleAfterDays),
    lastConfirmedAt: listing.lastConfirmedAt?.toISOString() ?? null,
    lastModified: listing.lastModified?.toISOString() ?? null,
  };
}
