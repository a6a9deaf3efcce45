import type { CategoryKey } from '../../../../shared/directory-categories';
import type {
  HsdsService,
  ListingLanguage,
  ReferralStatus,
  ServiceTranslations,
} from './hsds-service';
import { categoryAttribute } from './service-categories';
import { activityTemplates } from './synthetic-activities';
import { type Place, makePlace, phoneNumber } from './synthetic-organizations';
import { type Town, neighbourhoods, towns } from './synthetic-places';
import { type Random, createRandom, idMaker } from './synthetic-random';
import { makeSchedules } from './synthetic-schedules';
import { type Bilingual, audiences, practicalNotes } from './synthetic-templates';
import { type Vocabulary, loadVocabulary } from './vocabulary';

export { type Random, createRandom } from './synthetic-random';

export type SyntheticListing = {
  service: HsdsService;
  translations: ServiceTranslations;
  sourceLanguage: ListingLanguage;
  referralStatus: ReferralStatus;
  /** The activity it was made from (its English name), for judging relevance by kind of activity. */
  activity: string;
};

export type SyntheticDirectoryOptions = { count: number; seed: number };

const fees = [2, 3, 4.5, 5, 8, 10, 15, 20, 40] as const;
const capacities = [8, 10, 12, 15, 20, 30, 40, 60] as const;
const languageNames: Record<ListingLanguage, string> = { fr: 'Français', en: 'English' };

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

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
    yield {
      service,
      translations,
      sourceLanguage: source,
      referralStatus,
      activity: activity.name.en,
    };
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
