import type { SearchIntentKind } from '../../../shared/contracts/search';
import { type CategoryKey, categoryKeys } from '../../../shared/directory-categories';

/** Needs the search reads from the words (free, weekend, near me...), which a person can remove. */
export const intentKinds = [
  'free',
  'low-cost',
  'weekend',
  'evening',
  'seniors',
  'near-me',
] as const satisfies readonly SearchIntentKind[];

export const weekDays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekDay = (typeof weekDays)[number];

export const distanceChoices = ['1', '2', '5', '10', '20', '50'] as const;

/** What the search screen asks for; every value is kept as the text the form holds. */
export type SearchFilters = {
  q: string;
  categories: CategoryKey[];
  postalCode: string;
  km: string;
  language: '' | 'fr' | 'en';
  cost: '' | 'free' | 'low';
  accessibility: string;
  days: WeekDay[];
  openFrom: string;
  openUntil: string;
  age: string;
  openToReferrals: boolean;
  /** What the search read from the words and the person removed. */
  ignore: SearchIntentKind[];
};

export const emptyFilters: SearchFilters = {
  q: '',
  categories: [],
  postalCode: '',
  km: '5',
  language: '',
  cost: '',
  accessibility: '',
  days: [],
  openFrom: '',
  openUntil: '',
  age: '',
  openToReferrals: false,
  ignore: [],
};

const postalCodePattern =
  /^([A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]|[A-Za-z][0-9][A-Za-z]|[0-9]{5})$/;
const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function isPostalCode(value: string): boolean {
  return postalCodePattern.test(value.trim());
}

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

function listOf<T extends string>(allowed: readonly T[], value: string | null): T[] {
  const chosen = (value ?? '').split(',');
  return allowed.filter((candidate) => chosen.includes(candidate));
}

/** Reads the filters from the address bar, dropping anything the search would refuse. */
export function readFilters(params: URLSearchParams): SearchFilters {
  const text = (name: string): string => params.get(name)?.trim() ?? '';
  const age = text('age');
  const postalCode = text('postalCode');
  return {
    q: text('q').slice(0, 200),
    categories: listOf(categoryKeys, params.get('category')),
    postalCode: isPostalCode(postalCode) ? postalCode.toUpperCase() : '',
    km: pick(distanceChoices, params.get('km')) ?? emptyFilters.km,
    language: pick(['fr', 'en'] as const, params.get('language')) ?? '',
    cost: pick(['free', 'low'] as const, params.get('cost')) ?? '',
    accessibility: text('accessibility').slice(0, 100),
    days: listOf(weekDays, params.get('days')),
    openFrom: timePattern.test(text('openFrom')) ? text('openFrom') : '',
    openUntil: timePattern.test(text('openUntil')) ? text('openUntil') : '',
    age: /^\d{1,3}$/.test(age) && Number(age) <= 120 ? age : '',
    openToReferrals: params.get('openToReferrals') === 'true',
    ignore: listOf(intentKinds, params.get('ignore')),
  };
}

/**
 * The search API's query for these filters: the same names the address bar uses, so a
 * shared link and the request agree.
 */
export function searchQuery(filters: SearchFilters): Record<string, string> {
  const query: Record<string, string> = {};
  const set = (name: string, value: string): void => {
    if (value.trim() !== '') query[name] = value.trim();
  };
  set('q', filters.q);
  set('category', filters.categories.join(','));
  if (isPostalCode(filters.postalCode)) {
    set('postalCode', filters.postalCode.toUpperCase());
    set('km', filters.km);
  }
  set('language', filters.language);
  set('cost', filters.cost);
  if (filters.accessibility.trim().length >= 2) set('accessibility', filters.accessibility);
  set('days', filters.days.join(','));
  set('openFrom', filters.openFrom);
  set('openUntil', filters.openUntil);
  set('age', filters.age);
  if (filters.openToReferrals) query.openToReferrals = 'true';
  if (query.q) set('ignore', filters.ignore.join(','));
  return query;
}

export function writeFilters(filters: SearchFilters): URLSearchParams {
  return new URLSearchParams(searchQuery(filters));
}

/** True when there is something to search for; an empty screen asks first. */
export function hasCriteria(filters: SearchFilters): boolean {
  return Object.keys(searchQuery(filters)).length > 0;
}

/** How many filters beyond the words are in use, for the filters button. */
export function countActiveFilters(filters: SearchFilters): number {
  return Object.keys(searchQuery(filters)).filter(
    (name) => name !== 'q' && name !== 'km' && name !== 'ignore',
  ).length;
}
