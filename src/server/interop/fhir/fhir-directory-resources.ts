import type {
  CodeableConcept,
  ContactPoint,
  Extension,
  HealthcareService,
  HealthcareServiceAvailableTime,
  HealthcareServiceNotAvailable,
  Location,
  Organization,
  Reference,
} from '@medplum/fhirtypes';
import {
  type CategoryKey,
  categories,
  categoryTaxonomy,
} from '../../../shared/directory-categories';
import type { Locale } from '../../../shared/locale';
import type { DirectoryChange } from '../../features/directory';
import { translatorFor } from '../../platform/i18n';
import { sdohccTemporaryCodes } from './fhir-referral-intake';

/*
 * The directory as FHIR (DESIGN.md §1): HSDS services, locations and organizations as
 * HealthcareService (the guide's HealthcareServiceForReferralManagement, with its capacity
 * extension), Location and Organization, under `dir-<hsds id>` so that they never collide
 * with our sites (`Organization/site-<id>`) or what systems sent us.
 */

export const directoryPrefix = 'dir-';
const sdohcc = 'http://hl7.org/fhir/us/sdoh-clinicalcare';
export const healthcareServiceProfile = `${sdohcc}/StructureDefinition/SDOHCC-HealthcareServiceForReferralManagement`;
const capacityExtension = `${sdohcc}/StructureDefinition/SDOHCC-ExtensionHealthcareServiceCapacityStatus`;
const usCoreCategory = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
/** Our categories' code system: the taxonomy's fixed address, as the HSDS export gives it. */
export const categorySystem = categoryTaxonomy.uri;

type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const list = (value: unknown): Json[] =>
  Array.isArray(value)
    ? value.filter((item): item is Json => typeof item === 'object' && item !== null)
    : [];
const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;

/** Our FHIR id of a directory record, when its HSDS id can be one. */
export function directoryId(hsdsId: unknown): string | undefined {
  return typeof hsdsId === 'string' && /^[A-Za-z0-9.-]{1,60}$/.test(hsdsId)
    ? `${directoryPrefix}${hsdsId}`
    : undefined;
}

function reference<T extends Location | Organization>(
  type: T['resourceType'],
  record: Json | undefined,
): Reference<T> | undefined {
  const id = directoryId(record?.id);
  if (!id) return undefined;
  const display = text(record?.name);
  return { reference: `${type}/${id}`, ...(display ? { display } : {}) };
}

function meta(row: DirectoryChange, profile?: string): HealthcareService['meta'] {
  return {
    versionId: String(row.version),
    lastUpdated: row.updatedAt.toISOString(),
    ...(profile ? { profile: [profile] } : {}),
  };
}

/** A name or description in the system's language: its translation, else as written. */
function inLocale(row: DirectoryChange, field: 'name' | 'description', locale: Locale) {
  return text(row.translations[locale]?.[field]) ?? text(row.record[field]);
}

/** The guide's SDOH categories our categories stand for, where one does. */
const sdohOfCategory: Partial<Record<CategoryKey, { code: string; display: string }>> = {
  social: { code: 'social-connection', display: 'Social Connection' },
  learning: { code: 'educational-attainment', display: 'Educational Attainment' },
};

/** The SDOH category codes that find services of our categories (service-category search). */
export function categoriesOfSdohCode(code: string): CategoryKey[] {
  return categories
    .filter((category) => sdohOfCategory[category.key]?.code === code)
    .map((category) => category.key);
}

/** The guide's capacity status from whether the service takes referrals. */
const capacityOfStatus = {
  open: { code: 'capacity', display: 'Has Capacity' },
  waitlist: { code: 'waitlist', display: 'No Capacity - Has Waitlist' },
  full: { code: 'no-capacity', display: 'No Capacity' },
} as const;

function capacity(row: DirectoryChange, active: boolean, locale: Locale): Extension {
  const status = active ? (row.referralStatus ?? 'open') : 'full';
  const { code, display } = capacityOfStatus[status];
  return {
    url: capacityExtension,
    extension: [
      {
        url: 'capacityStatus',
        valueCodeableConcept: { coding: [{ system: sdohccTemporaryCodes, code, display }] },
      },
      ...(status === 'waitlist'
        ? [{ url: 'capacityNotes', valueString: translatorFor(locale)('fhir.capacity_waitlist') }]
        : []),
    ],
  };
}

/** One category each of ours, each coded SDOH (the profile's slice) and the guide's where it maps. */
function serviceCategories(keys: readonly CategoryKey[], locale: Locale): CodeableConcept[] {
  const sdoh = { system: usCoreCategory, code: 'sdoh', display: 'SDOH' };
  if (keys.length === 0) return [{ coding: [sdoh] }];
  return keys.flatMap((key) => {
    const category = categories.find((c) => c.key === key);
    if (!category) return [];
    const guide = sdohOfCategory[key];
    return [
      {
        coding: [
          sdoh,
          { system: categorySystem, code: key, display: category.en },
          ...(guide ? [{ system: sdohccTemporaryCodes, ...guide }] : []),
        ],
        text: category[locale],
      },
    ];
  });
}

function telecomOf(record: Json): ContactPoint[] {
  return [
    ...list(record.phones).flatMap((phone) => {
      const value = text(phone.number);
      if (!value) return [];
      return [{ system: phone.type === 'fax' ? ('fax' as const) : ('phone' as const), value }];
    }),
    ...(text(record.email) ? [{ system: 'email' as const, value: text(record.email) }] : []),
    ...[text(record.url), text(record.website)].flatMap((url) =>
      url ? [{ system: 'url' as const, value: url }] : [],
    ),
  ];
}

const dayOfByday: Record<string, HealthcareServiceAvailableTime['daysOfWeek']> = {
  MO: ['mon'],
  TU: ['tue'],
  WE: ['wed'],
  TH: ['thu'],
  FR: ['fri'],
  SA: ['sat'],
  SU: ['sun'],
};

/** HH:MM(:SS) as FHIR's time; undefined when it is not one. */
function timeOf(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value) : null;
  return match ? `${match[1]}:${match[2]}:${match[3] ?? '00'}` : undefined;
}

/** The schedules of a service and of its places. */
function schedulesOf(record: Json): Json[] {
  return [
    ...list(record.schedules),
    ...list(record.service_at_locations).flatMap((sal) => list(sal.schedules)),
  ];
}

/** Weekly schedules as available times; others (monthly, by date) only in their words. */
function availableTimes(schedules: readonly Json[]): HealthcareServiceAvailableTime[] {
  return schedules.flatMap((schedule) => {
    if (schedule.freq !== 'WEEKLY' || typeof schedule.byday !== 'string') return [];
    const daysOfWeek = schedule.byday
      .split(',')
      .flatMap((day) => dayOfByday[day.trim().toUpperCase()] ?? []);
    if (daysOfWeek.length === 0) return [];
    const start = timeOf(schedule.opens_at);
    const end = timeOf(schedule.closes_at);
    return [
      {
        daysOfWeek,
        ...(start && end ? { availableStartTime: start, availableEndTime: end } : {}),
        ...(!start && !end ? { allDay: true } : {}),
      },
    ];
  });
}

const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** Before the first schedule starts and after the last one ends, when every one says so. */
function notAvailable(schedules: readonly Json[]): HealthcareServiceNotAvailable[] {
  if (schedules.length === 0) return [];
  const starts = schedules.map((s) => s.valid_from);
  const ends = schedules.map((s) => s.valid_to);
  const found: HealthcareServiceNotAvailable[] = [];
  if (starts.every(isDate)) {
    const first = [...starts].sort()[0];
    if (first) found.push({ description: `Before ${first}`, during: { end: dayBefore(first) } });
  }
  if (ends.every(isDate)) {
    const last = [...ends].sort().at(-1);
    if (last) found.push({ description: `After ${last}`, during: { start: dayAfter(last) } });
  }
  return found;
}

function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** BCP 47 tags as the directory stores them (ISO 639 codes, some with a region). */
function communication(record: Json): CodeableConcept[] {
  return list(record.languages).flatMap((language) => {
    const code = text(language.code);
    if (!code || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) return [];
    const name = text(language.name);
    return [
      {
        coding: [{ system: 'urn:ietf:bcp:47', code: code.toLowerCase() }],
        ...(name ? { text: name } : {}),
      },
    ];
  });
}

/** The places a service is offered at. */
export function serviceLocationIds(row: DirectoryChange): string[] {
  return list(row.record.service_at_locations).flatMap((sal) => {
    const id = object(sal.location)?.id ?? sal.location_id;
    return typeof id === 'string' ? [id] : [];
  });
}

export function presentHealthcareService(row: DirectoryChange, locale: Locale): HealthcareService {
  const { record } = row;
  const active = record.status === undefined || record.status === 'active';
  const organization = object(record.organization) ?? { id: record.organization_id };
  const providedBy = reference<Organization>('Organization', organization);
  const locations = list(record.service_at_locations).flatMap((sal) => {
    const place = object(sal.location) ?? { id: sal.location_id };
    return reference<Location>('Location', place) ?? [];
  });
  const schedules = schedulesOf(record);
  const times = availableTimes(schedules);
  const closed = notAvailable(schedules);
  const exceptions = schedules.flatMap((s) => text(s.description) ?? []).join(' ');
  const telecom = telecomOf(record);
  const languages = communication(record);
  const comment = inLocale(row, 'description', locale);
  return {
    resourceType: 'HealthcareService',
    id: `${directoryPrefix}${row.id}`,
    meta: meta(row, healthcareServiceProfile),
    extension: [capacity(row, active, locale)],
    active,
    ...(providedBy ? { providedBy } : {}),
    category: serviceCategories(row.categories, locale),
    type: [{ text: translatorFor(locale)('fhir.service_type') }],
    ...(locations.length ? { location: locations } : {}),
    name: inLocale(row, 'name', locale) ?? row.id,
    ...(comment ? { comment } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(languages.length ? { communication: languages } : {}),
    ...(times.length ? { availableTime: times } : {}),
    ...(closed.length ? { notAvailable: closed } : {}),
    ...(exceptions ? { availabilityExceptions: exceptions } : {}),
  };
}

const addressTypes: Record<string, 'postal' | 'physical' | 'both'> = {
  physical: 'physical',
  postal: 'postal',
  virtual: 'physical',
};

export function presentLocation(row: DirectoryChange): Location {
  const { record } = row;
  const [address] = list(record.addresses);
  const latitude = number(record.latitude);
  const longitude = number(record.longitude);
  const managingOrganization = reference<Organization>('Organization', {
    id: record.organization_id,
  });
  const telecom = telecomOf(record);
  const name = text(record.name);
  const description = text(record.description);
  const lines = address ? [text(address.address_1), text(address.address_2)] : [];
  return {
    resourceType: 'Location',
    id: `${directoryPrefix}${row.id}`,
    meta: meta(row),
    status: 'active',
    mode: 'instance',
    ...(name ? { name } : {}),
    ...(description ? { description } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(address
      ? {
          address: {
            type: addressTypes[String(address.address_type)] ?? 'physical',
            ...(lines.some(Boolean) ? { line: lines.flatMap((line) => line ?? []) } : {}),
            ...(text(address.city) ? { city: text(address.city) } : {}),
            ...(text(address.state_province) ? { state: text(address.state_province) } : {}),
            ...(text(address.postal_code) ? { postalCode: text(address.postal_code) } : {}),
            ...(text(address.country) ? { country: text(address.country) } : {}),
          },
        }
      : {}),
    ...(latitude !== undefined && longitude !== undefined
      ? { position: { latitude, longitude } }
      : {}),
    ...(managingOrganization ? { managingOrganization } : {}),
  };
}

export function presentOrganization(row: DirectoryChange, locale: Locale): Organization {
  const { record } = row;
  const partOf = reference<Organization>('Organization', { id: record.parent_organization_id });
  const telecom = telecomOf(record);
  const alias = text(record.alternate_name);
  return {
    resourceType: 'Organization',
    id: `${directoryPrefix}${row.id}`,
    meta: meta(row),
    active: true,
    name: inLocale(row, 'name', locale) ?? row.id,
    ...(alias ? { alias: [alias] } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(partOf ? { partOf } : {}),
  };
}
