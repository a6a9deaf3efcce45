import type { CategoryKey } from '../../../shared/directory-categories';

/** A vocabulary entry that names a category, its words already tokenised. */
export type CategoryPhrases = { category: CategoryKey; phrases: string[][] };

export type TermSuggestion =
  | { state: 'suggested'; category: CategoryKey; matchedWords: string[] }
  | { state: 'undecided'; category: null; matchedWords: string[] };

/** "gardens" and "garden" are one word here: feeds name their terms in the plural. */
function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

function containsPhrase(words: string[], phrase: string[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((word, i) => stem(word) === words[start + i])) return true;
  }
  return false;
}

/**
 * The category a feed's term most likely stands for: each vocabulary phrase found in the
 * term's name counts its length in words for its category, so "community garden" outweighs
 * "community". Only a clear winner is suggested; a tie or nothing at all is left to an
 * administrator.
 */
export function suggestCategory(
  termWords: string[],
  vocabulary: CategoryPhrases[],
): TermSuggestion {
  const words = termWords.map(stem);
  const scores = new Map<CategoryKey, number>();
  const matched = new Map<CategoryKey, string[]>();
  for (const entry of vocabulary) {
    for (const phrase of entry.phrases) {
      if (!containsPhrase(words, phrase)) continue;
      scores.set(entry.category, (scores.get(entry.category) ?? 0) + phrase.length);
      matched.set(entry.category, [...(matched.get(entry.category) ?? []), phrase.join(' ')]);
    }
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) {
    return {
      state: 'undecided',
      category: null,
      matchedWords: [...new Set([...matched.values()].flat())],
    };
  }
  return {
    state: 'suggested',
    category: first[0],
    matchedWords: [...new Set(matched.get(first[0]))],
  };
}
