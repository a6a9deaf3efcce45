import type { DirectorySearchHit, VocabularyEntry } from '../../../shared/contracts/search';
import { type CategoryKey, categories, isCategoryKey } from '../../../shared/directory-categories';
import type { Locale } from '../../../shared/locale';
import type { SearchRow } from './search-queries';
import type { VocabularyRow } from './search-vocabulary-queries';
import { type PersonRanking, type SearchTerm, explainMatch, matchKind } from './search-rules';

const categoryKeyById = new Map<string, CategoryKey>(categories.map((c) => [c.id, c.key]));

function roundKm(metres: number | null): number | null {
  return metres === null ? null : Math.round(metres / 100) / 10;
}

/** The caller's language when the listing has text in it, else the listing's own. */
function textFor(
  row: SearchRow,
  locale: Locale,
): Pick<DirectorySearchHit, 'name' | 'description' | 'language'> {
  const wanted = row.translations[locale];
  if (wanted?.name)
    return { name: wanted.name, description: wanted.description ?? null, language: locale };
  return { name: row.name, description: row.description, language: row.source_language };
}

/** What in a listing answers the person's needs, interests and language. */
function forPerson(
  row: SearchRow,
  categoryKeys: CategoryKey[],
  person: PersonRanking | undefined,
): DirectorySearchHit['forPerson'] {
  if (!person) return null;
  const needIds = new Set([...person.highNeedCategoryIds, ...person.someNeedCategoryIds]);
  const groups = person.interests.filter((interest) => interest.terms.length > 0);
  return {
    needs: categoryKeys.filter((key) => {
      const id = categories.find((c) => c.key === key)?.id;
      return id !== undefined && needIds.has(id);
    }),
    interests: groups.flatMap((interest, i) => (row.interest_matched[i] ? [interest.shown] : [])),
    language: row.language_codes.includes(person.language),
    free: row.is_free,
  };
}

export function presentHit(
  row: SearchRow,
  terms: SearchTerm[],
  locale: Locale,
  listingWords: string[][] = [],
  person?: PersonRanking,
): DirectorySearchHit {
  const matches = explainMatch(terms, row.matched, listingWords);
  const distanceKm = roundKm(row.distance_m);
  const categoryKeys = row.category_ids.flatMap((id) => {
    const key = categoryKeyById.get(id);
    return key ? [key] : [];
  });
  return {
    id: row.service_id,
    ...textFor(row, locale),
    sourceLanguage: row.source_language,
    categories: categoryKeys,
    referralStatus: row.referral_status,
    possiblyStale: row.possibly_stale,
    location:
      row.latitude !== null && row.longitude !== null
        ? { lat: row.latitude, lon: row.longitude }
        : null,
    distanceKm,
    score: row.score,
    why: { kind: matchKind(matches), matches, distanceKm },
    forPerson: forPerson(row, categoryKeys, person),
  };
}

export function presentVocabularyEntry(row: VocabularyRow): VocabularyEntry {
  return {
    id: row.id,
    category: isCategoryKey(row.category) ? row.category : null,
    en: row.en,
    fr: row.fr,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}
