import type { HsdsLocation, HsdsOrganization, ListingLanguage } from './hsds-service';
import { type Town, neighbourhoods, streets } from './synthetic-places';
import type { IdMaker, Random } from './synthetic-random';
import { organizationKinds } from './synthetic-templates';

const ldLetters = 'ABCEGHJKLMNPRSTVWXYZ';

/** An organisation with its one or two locations (or one online), shared by several services. */
export type Place = {
  organization: HsdsOrganization;
  locations: HsdsLocation[];
  language: ListingLanguage;
};

export function phoneNumber(town: Town, random: Random): string {
  const two = () => String(random.int(100)).padStart(2, '0');
  return town.country === 'CA'
    ? `${town.phonePrefix}-555-01${two()}`
    : `${town.phonePrefix} ${two()} ${two()}`;
}

export function makePlace(town: Town, key: number, random: Random, id: IdMaker): Place {
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
