/**
 * The social prescribing activity categories, published as an HSDS taxonomy. Ids are
 * fixed (UUID v5 of their URL) so that exports and imports agree across installations.
 */
export const categoryTaxonomy = {
  id: '0c313c9b-0401-516f-9c3a-f4743e0b762a',
  name: 'Passerelle social prescribing categories',
  description: 'Kinds of community activity a link worker can connect a person to.',
  uri: 'https://passerelle.example/taxonomy',
  version: '1',
} as const;

export const categories = [
  {
    key: 'social',
    id: '22edde4a-d1d4-5dc4-bbe8-88820c81043f',
    en: 'Social connection',
    fr: 'Liens sociaux',
  },
  {
    key: 'arts',
    id: '905127b3-5c87-5445-b274-a65cfac4495e',
    en: 'Arts and culture',
    fr: 'Arts et culture',
  },
  {
    key: 'physical',
    id: '4e7869fb-6dcf-5c4e-b8e9-853113e7cfb9',
    en: 'Physical activity and sport',
    fr: 'Activité physique et sport',
  },
  {
    key: 'nature',
    id: '0588ddcf-386c-5255-b8df-06e781a4d4d0',
    en: 'Nature and green space',
    fr: 'Nature et espaces verts',
  },
  {
    key: 'civic',
    id: 'd25e1162-8bc4-53a5-ac22-a608358b3bc9',
    en: 'Civic engagement and volunteering',
    fr: 'Engagement citoyen et bénévolat',
  },
  {
    key: 'learning',
    id: '23d9e1e4-c0b4-57fb-bbdf-3fa3eedd51af',
    en: 'Learning and skills',
    fr: 'Apprentissage et compétences',
  },
  {
    key: 'practical',
    id: '8696ad2d-5cbc-5672-9c4c-762d7145e87f',
    en: 'Practical support (money, housing, food, transport)',
    fr: 'Soutien pratique (argent, logement, alimentation, transport)',
  },
  {
    key: 'peer',
    id: 'c85e27fd-cdb4-54c9-baca-30a794477766',
    en: 'Peer support and mental wellbeing',
    fr: 'Entraide et bien-être mental',
  },
] as const;

export type CategoryKey = (typeof categories)[number]['key'];
export const categoryKeys = categories.map((c) => c.key) as [CategoryKey, ...CategoryKey[]];

export function isCategoryKey(value: string | null): value is CategoryKey {
  return value !== null && (categoryKeys as readonly string[]).includes(value);
}
