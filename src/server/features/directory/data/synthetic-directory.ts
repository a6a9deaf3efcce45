import type { CategoryKey } from '../../../../shared/directory-categories';
import type {
  HsdsLocation,
  HsdsOrganization,
  HsdsSchedule,
  HsdsService,
  ListingLanguage,
  ReferralStatus,
  ServiceTranslations,
} from './hsds-service';
import { categoryAttribute } from './service-categories';
import { activityTemplates } from './synthetic-activities';
import { type Town, neighbourhoods, streets, towns } from './synthetic-places';
import {
  type Bilingual,
  audiences,
  organizationKinds,
  practicalNotes,
} from './synthetic-templates';
import { type Vocabulary, loadVocabulary } from './vocabulary';

export type SyntheticListing = {
  service: HsdsService;
  translations: ServiceTranslations;
  sourceLanguage: ListingLanguage;
  referralStatus: ReferralStatus;
};

export type SyntheticDirectoryOptions = { count: number; seed: number };

/** Random numbers from a 32-bit seed: sfc32, seeded through splitmix32. */
export type Random = {
  next(): number;
  int(below: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly [T, ...T[]]): T;
};

export function createRandom(seed: number, salt = 0): Random {
  let state = (seed ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i += 1) next();
  return {
    next,
    int: (below) => Math.floor(next() * below),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)] ?? items[0],
  };
}

// Ids count up per kind of record, so they never collide however many services are made.
const kinds = {
  service: 1,
  organization: 2,
  location: 3,
  address: 4,
  accessibility: 5,
  serviceAtLocation: 6,
  schedule: 7,
  phone: 8,
  language: 9,
  cost: 10,
  capacity: 11,
  attribute: 12,
  unit: 13,
  organizationPhone: 14,
} as const;

function idMaker(seed: number): (kind: keyof typeof kinds, n: number) => string {
  const prefix = createRandom(seed, 7).int(0x100000000).toString(16).padStart(8, '0');
  const heads = Object.fromEntries(
    Object.entries(kinds).map(([kind, code]) => [
      kind,
      `${prefix}-${code.toString(16).padStart(4, '0')}-4000-8000-`,
    ]),
  );
  return (kind, n) => `${heads[kind] ?? ''}${n.toString(16).padStart(12, '0')}`;
}

const dayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type DayCode = (typeof dayCodes)[number];
const dayNames: Record<ListingLanguage, Record<DayCode, string>> = {
  fr: {
    MO: 'lundi',
    TU: 'mardi',
    WE: 'mercredi',
    TH: 'jeudi',
    FR: 'vendredi',
    SA: 'samedi',
    SU: 'dimanche',
  },
  en: {
    MO: 'Monday',
    TU: 'Tuesday',
    WE: 'Wednesday',
    TH: 'Thursday',
    FR: 'Friday',
    SA: 'Saturday',
    SU: 'Sunday',
  },
};
const ordinals: Record<ListingLanguage, readonly string[]> = {
  fr: ['premier', 'deuxième', 'troisième', 'quatrième'],
  en: ['first', 'second', 'third', 'fourth'],
};
const openingTimes = [
  '09:00',
  '09:30',
  '10:00',
  '10:30',
  '13:00',
  '13:30',
  '14:00',
  '17:30',
  '18:00',
  '18:30',
  '19:00',
] as const;
const fees = [2, 3, 4.5, 5, 8, 10, 15, 20, 40] as const;
const capacities = [8, 10, 12, 15, 20, 30, 40, 60] as const;
const languageNames: Record<ListingLanguage, string> = { fr: 'Français', en: 'English' };

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function spokenTime(time: string, language: ListingLanguage): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  if (language === 'fr')
    return minutes ? `${hours} h ${String(minutes).padStart(2, '0')}` : `${hours} h`;
  const h12 = hours % 12 || 12;
  const suffix = hours < 12 ? 'am' : 'pm';
  return minutes ? `${h12}:${String(minutes).padStart(2, '0')} ${suffix}` : `${h12} ${suffix}`;
}

function listOf(items: string[], language: ListingLanguage): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${language === 'fr' ? 'et' : 'and'} ${items.at(-1) ?? ''}`;
}

function describeSchedule(
  days: DayCode[],
  week: number | undefined,
  opens: string,
  closes: string,
  language: ListingLanguage,
): string {
  const hours =
    language === 'fr'
      ? `de ${spokenTime(opens, language)} à ${spokenTime(closes, language)}`
      : `${spokenTime(opens, language)} to ${spokenTime(closes, language)}`;
  const names = days.map((d) => dayNames[language][d]);
  if (week !== undefined) {
    const ordinal = ordinals[language][week - 1] ?? '';
    return language === 'fr'
      ? `Le ${ordinal} ${names[0] ?? ''} du mois, ${hours}`
      : `The ${ordinal} ${names[0] ?? ''} of the month, ${hours}`;
  }
  if (days.length === 5 && !days.includes('SA') && !days.includes('SU')) {
    return `${language === 'fr' ? 'Du lundi au vendredi' : 'Monday to Friday'}, ${hours}`;
  }
  const plural = names.map((n) => `${n}s`);
  return language === 'fr'
    ? `Les ${listOf(plural, language)}, ${hours}`
    : `${listOf(plural, language)}, ${hours}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const ldLetters = 'ABCEGHJKLMNPRSTVWXYZ';

type Place = {
  organization: HsdsOrganization;
  locations: HsdsLocation[];
  language: ListingLanguage;
};

/**
 * A realistic synthetic directory, one listing at a time: the same `seed` always yields
 * the same listings. Organisations and their locations are shared by several services and
 * are identical each time they appear, as in a real HSDS feed.
 */
export function* generateSyntheticDirectory(
  options: SyntheticDirectoryOptions,
): Generator<SyntheticListing, void, undefined> {
  const { count, seed } = options;
  const random = createRandom(seed);
  const id = idMaker(seed);
  const termsByCategory = vocabularyByCategory(loadVocabulary());
  const places = new Map<number, Place>();
  const unit = { id: id('unit', 0), name: 'place', scheme: 'Passerelle', identifier: 'place' };
  const canadianTowns = towns.filter((t) => t.country === 'CA');
  const frenchTowns = towns.filter((t) => t.country === 'FR');

  const placeOf = (town: Town, townIndex: number, index: number): Place => {
    const key = townIndex * 1_000_000 + index;
    const known = places.get(key);
    if (known) return known;
    const made = makePlace(town, key, createRandom(seed, key + 1000), id);
    places.set(key, made);
    return made;
  };

  for (let n = 0; n < count; n += 1) {
    const inCanada = random.chance(0.6);
    const pool = inCanada ? canadianTowns : frenchTowns;
    const town = pool[random.int(pool.length)] ?? towns[0];
    const townIndex = towns.indexOf(town);
    // The pool grows with n rather than count, so a smaller directory is a prefix of a larger one.
    const place = placeOf(town, townIndex, random.int(4 + Math.floor(n / (towns.length * 6))));
    const source: ListingLanguage = random.chance(town.french) ? 'fr' : 'en';
    const other: ListingLanguage = source === 'fr' ? 'en' : 'fr';
    const bilingualListing = random.chance(inCanada ? 0.35 : 0.08);
    const activity = random.pick(activityTemplates);
    const neighbourhood = random.pick(neighbourhoods);
    const audience = random.pick(audiences);
    const note = random.pick(practicalNotes);
    const primary = activity.categories[0];
    const themes = themePair(termsByCategory.get(primary), random);
    const text = (language: ListingLanguage) => ({
      name:
        language === 'fr'
          ? `${activity.name.fr} ${neighbourhood.fr}`
          : `${neighbourhood.en} ${lowerFirst(activity.name.en)}`,
      description: [
        activity.description[language],
        audience[language],
        note[language],
        themes ? `${language === 'fr' ? 'Thèmes :' : 'Themes:'} ${themes[language]}.` : '',
      ]
        .filter((part) => part !== '')
        .join(' '),
    });
    const sourceText = text(source);
    const translations: ServiceTranslations = { [source]: sourceText };
    if (bilingualListing) translations[other] = text(other);

    const serviceId = id('service', n);
    const sub = (k: number) => n * 16 + k;
    const delivered: ListingLanguage[] = random.chance(inCanada ? 0.3 : 0.05)
      ? [source, other]
      : [source];
    const statusRoll = random.next();
    const referralStatus: ReferralStatus =
      statusRoll < 0.8 ? 'open' : statusRoll < 0.95 ? 'waitlist' : 'full';
    const free = random.chance(0.55);
    const amount = random.pick(fees);
    const currency = town.country === 'CA' ? 'CAD' : 'EUR';
    const money =
      source === 'fr'
        ? `${String(amount).replace('.', ',')} ${currency === 'CAD' ? '$' : '€'}`
        : `${currency === 'CAD' ? '$' : '€'}${amount}`;
    const lastModified = new Date(Date.UTC(2026, 0, 1) + random.int(320) * 86_400_000);
    const location = place.locations[random.int(place.locations.length)] ?? place.locations[0];
    const categories = new Set<CategoryKey>([primary]);
    for (const extra of activity.categories.slice(1)) if (random.chance(0.7)) categories.add(extra);

    const service: HsdsService = {
      id: serviceId,
      name: sourceText.name,
      description: sourceText.description,
      url: `${String(place.organization.website)}/activities/${n}`,
      email: place.organization.email,
      status: 'active',
      application_process:
        source === 'fr'
          ? 'Inscription par téléphone ou sur place.'
          : 'Register by phone or in person.',
      fees_description: free
        ? source === 'fr'
          ? 'Gratuit'
          : 'Free'
        : `${money} ${source === 'fr' ? 'par séance' : 'per session'}`,
      eligibility_description: audience[source],
      ...(audience.minimumAge !== undefined ? { minimum_age: audience.minimumAge } : {}),
      ...(audience.maximumAge !== undefined ? { maximum_age: audience.maximumAge } : {}),
      last_modified: lastModified.toISOString(),
      phones: [
        {
          id: id('phone', sub(0)),
          number: phoneNumber(town, random),
          type: 'voice',
          languages: delivered.map((code, i) => ({
            id: id('language', sub(8 + i)),
            name: languageNames[code],
            code,
          })),
        },
      ],
      schedules: makeSchedules(random, source, (k) => id('schedule', sub(k))),
      service_at_locations: location ? [{ id: id('serviceAtLocation', sub(0)), location }] : [],
      languages: delivered.map((code, i) => ({
        id: id('language', sub(i)),
        name: languageNames[code],
        code,
      })),
      organization: place.organization,
      cost_options: [
        free
          ? {
              id: id('cost', sub(0)),
              option: source === 'fr' ? 'Gratuit' : 'Free',
              amount: 0,
              currency,
            }
          : {
              id: id('cost', sub(0)),
              option: source === 'fr' ? 'Tarif' : 'Fee',
              amount,
              currency,
              amount_description: source === 'fr' ? 'par séance' : 'per session',
            },
      ],
      attributes: [...categories].map((key, i) =>
        categoryAttribute(id('attribute', sub(i)), serviceId, key, source),
      ),
    };
    if (referralStatus !== 'open' || random.chance(0.3)) {
      const maximum = random.pick(capacities);
      service.capacities = [
        {
          id: id('capacity', sub(0)),
          unit,
          available: referralStatus === 'open' ? 1 + random.int(maximum) : 0,
          maximum,
          description: source === 'fr' ? 'Places' : 'Places available',
          updated: lastModified.toISOString(),
        },
      ];
    }
    yield { service, translations, sourceLanguage: source, referralStatus };
  }
}

/** The same listings grouped in arrays of `batchSize`, for bulk inserts. */
export function* generateSyntheticBatches(
  options: SyntheticDirectoryOptions & { batchSize: number },
): Generator<SyntheticListing[], void, undefined> {
  let batch: SyntheticListing[] = [];
  for (const listing of generateSyntheticDirectory(options)) {
    batch.push(listing);
    if (batch.length >= options.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function vocabularyByCategory(vocabulary: Vocabulary): Map<CategoryKey, Bilingual[]> {
  const byCategory = new Map<CategoryKey, Bilingual[]>();
  for (const entry of vocabulary) {
    const [en] = entry.en;
    const [fr] = entry.fr;
    if (!entry.category || en === undefined || fr === undefined) continue;
    const list = byCategory.get(entry.category) ?? [];
    list.push({ en, fr });
    byCategory.set(entry.category, list);
  }
  return byCategory;
}

function themePair(terms: Bilingual[] | undefined, random: Random): Bilingual | undefined {
  if (!terms || terms.length < 2) return undefined;
  const first = random.int(terms.length);
  const second = (first + 1 + random.int(terms.length - 1)) % terms.length;
  const a = terms[first];
  const b = terms[second];
  if (!a || !b) return undefined;
  return { fr: `${a.fr}, ${b.fr}`, en: `${a.en}, ${b.en}` };
}

function phoneNumber(town: Town, random: Random): string {
  const two = () => String(random.int(100)).padStart(2, '0');
  return town.country === 'CA'
    ? `${town.phonePrefix}-555-01${two()}`
    : `${town.phonePrefix} ${two()} ${two()}`;
}

function makeSchedules(
  random: Random,
  language: ListingLanguage,
  scheduleId: (k: number) => string,
): HsdsSchedule[] {
  const count = random.chance(0.2) ? 2 : 1;
  const schedules: HsdsSchedule[] = [];
  for (let k = 0; k < count; k += 1) {
    const monthly = random.chance(0.15);
    const days: DayCode[] = [];
    if (!monthly && random.chance(0.1)) days.push('MO', 'TU', 'WE', 'TH', 'FR');
    else {
      const wanted = monthly ? 1 : 1 + random.int(3);
      for (const day of dayCodes) if (random.chance(wanted / 7)) days.push(day);
      if (days.length === 0) days.push(random.pick(dayCodes));
    }
    const week = monthly ? 1 + random.int(4) : undefined;
    const opens = random.pick(openingTimes);
    const [hours = 9, minutes = 0] = opens.split(':').map(Number);
    const closes = clock(hours * 60 + minutes + 60 + 30 * random.int(5));
    schedules.push({
      id: scheduleId(k),
      freq: monthly ? 'MONTHLY' : 'WEEKLY',
      interval: 1,
      wkst: 'MO',
      byday: days.map((d) => (week === undefined ? d : `${week}${d}`)).join(','),
      opens_at: opens,
      closes_at: closes,
      description: describeSchedule(days, week, opens, closes, language),
    });
  }
  return schedules;
}

function makePlace(
  town: Town,
  key: number,
  random: Random,
  id: (kind: keyof typeof kinds, n: number) => string,
): Place {
  const language: ListingLanguage = random.chance(town.french) ? 'fr' : 'en';
  const kind = random.pick(organizationKinds);
  const neighbourhood = random.pick(neighbourhoods);
  const name =
    language === 'fr'
      ? `${kind.fr} ${neighbourhood.fr} de ${town.name}`
      : `${town.name} ${neighbourhood.en} ${kind.en}`;
  const website = `https://org-${key}.example.org`;
  const organization: HsdsOrganization = {
    id: id('organization', key),
    name,
    description:
      language === 'fr'
        ? `Organisme à but non lucratif au service des résidents de ${town.name}.`
        : `Non-profit organisation serving residents of ${town.name}.`,
    email: `info@org-${key}.example.org`,
    website,
    phones: [
      { id: id('organizationPhone', key), number: phoneNumber(town, random), type: 'voice' },
    ],
  };
  const virtual = random.chance(0.05);
  const locationCount = virtual ? 1 : 1 + random.int(2);
  const locations: HsdsLocation[] = [];
  for (let i = 0; i < locationCount; i += 1) {
    const locationKey = key * 4 + i;
    if (virtual) {
      locations.push({
        id: id('location', locationKey),
        location_type: 'virtual',
        name: language === 'fr' ? 'En ligne' : 'Online',
        url: `${website}/online`,
      });
      continue;
    }
    const street = random.pick(streets[town.country]);
    const prefix = random.pick(town.postalCodes);
    const postalCode =
      town.country === 'CA'
        ? `${prefix} ${random.int(10)}${ldLetters.charAt(random.int(ldLetters.length))}${random.int(10)}`
        : prefix;
    const number = 1 + random.int(1200);
    locations.push({
      id: id('location', locationKey),
      location_type: 'physical',
      name: i === 0 ? name : `${name} (${language === 'fr' ? 'annexe' : 'annex'})`,
      latitude: round(town.lat + (random.next() - 0.5) * 0.08),
      longitude: round(town.lon + (random.next() - 0.5) * 0.12),
      addresses: [
        {
          id: id('address', locationKey),
          address_1:
            town.country === 'CA' && language === 'en'
              ? `${number} ${street.en}`
              : `${number}, ${street.fr}`,
          city: town.name,
          state_province: town.region,
          postal_code: postalCode,
          country: town.country,
          address_type: 'physical',
        },
      ],
      accessibility: random.chance(0.6)
        ? [
            {
              id: id('accessibility', locationKey),
              description:
                language === 'fr'
                  ? 'Entrée de plain-pied et toilettes accessibles.'
                  : 'Step-free entrance and accessible washroom.',
            },
          ]
        : [],
    });
  }
  return { organization, locations, language };
}

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}
