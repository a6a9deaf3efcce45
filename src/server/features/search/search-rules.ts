import type { SearchTermOrigin } from '../../../shared/contracts/search';

/** A word or phrase the search looks for, and how it came into the query. */
export type SearchTerm = {
  text: string;
  origin: SearchTermOrigin;
  /** What the caller typed that led to this term (the misspelling, or the vocabulary term). */
  from?: string;
  weight: number;
  /** The term as a text-search query (French and English stems), once the database parsed it. */
  tsquery?: string;
};

export type SearchFilters = {
  categoryIds: string[];
  language?: 'fr' | 'en' | undefined;
  cost?: 'free' | 'low' | undefined;
  lowCostLimit: number;
  accessibility: string[];
  days: string[];
  openFrom?: string | undefined;
  openUntil?: string | undefined;
  age?: number | undefined;
  openToReferrals: boolean;
  near?: { lat: number; lon: number; km: number } | undefined;
};

export type SearchPlan = {
  terms: SearchTerm[];
  filters: SearchFilters;
  limit: number;
  offset: number;
  expansionWeight: number;
  /** Days after which a listing nobody confirmed or changed is flagged as possibly stale. */
  staleAfterDays: number;
};

export type VocabularyTerms = { en: string[]; fr: string[] };
export type Correction = { from: string; to: string };

/** Lower case, without accents, with one kind of apostrophe: how the lexicon stores words. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'");
}

// Words too common to search for; the text-search configurations drop them from listings too.
const stopWords = new Set(
  (
    'a au aux avec ce ces d de des du en et l la le les un une pour par sur dans ou ' +
    'an and at for from in of on or the to with by is are'
  ).split(' '),
);

/** The words of a query or a vocabulary term, normalised, stop words left out. */
export function tokenise(text: string): string[] {
  return normaliseText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !stopWords.has(w));
}

/** Singular and plural (and French feminine -e) compare equal when matching vocabulary terms. */
function lightStem(word: string): string {
  let stem = word.length > 3 ? word.replace(/[sx]$/, '') : word;
  stem = stem.length > 3 ? stem.replace(/e$/, '') : stem;
  return stem;
}

export type LexiconAnswer = {
  input: string;
  known: boolean;
  nearest: string | null;
  similarity: number;
};

const minimumSimilarity = 0.35;

/** Unknown words of four letters or more become their nearest lexicon word, when one is near enough. */
export function correctWords(
  words: string[],
  answers: LexiconAnswer[],
): { words: string[]; corrections: Correction[] } {
  const byInput = new Map(answers.map((a) => [a.input, a]));
  const corrections: Correction[] = [];
  const corrected = words.map((word) => {
    const answer = byInput.get(word);
    if (!answer || answer.known || word.length < 4 || /^[0-9]+$/.test(word)) return word;
    if (!answer.nearest || answer.similarity < minimumSimilarity) return word;
    corrections.push({ from: word, to: answer.nearest });
    return answer.nearest;
  });
  return { words: corrected, corrections };
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, i) => haystack[start + i] === word)) return true;
  }
  return false;
}

const maximumExpansions = 30;

type PreparedTerm = { term: string; text: string; stems: string[] };
/** A vocabulary entry with its terms normalised and stemmed once, not on every search. */
export type PreparedVocabularyEntry = Record<'en' | 'fr', PreparedTerm[]>;

export function prepareVocabulary(vocabulary: VocabularyTerms[]): PreparedVocabularyEntry[] {
  const prepare = (terms: string[]): PreparedTerm[] =>
    terms.flatMap((term) => {
      const words = tokenise(term);
      return words.length === 0
        ? []
        : [{ term, text: normaliseText(term), stems: words.map(lightStem) }];
    });
  return vocabulary.map((entry) => ({ en: prepare(entry.en), fr: prepare(entry.fr) }));
}

/**
 * Vocabulary entries whose terms (in either language) appear in the query bring in their
 * other terms: the other language's as translations, the same language's as synonyms.
 */
export function expandWithVocabulary(
  words: string[],
  vocabulary: PreparedVocabularyEntry[],
  weight: number,
): SearchTerm[] {
  const stems = words.map(lightStem);
  const seen = new Set(words);
  const expansions: SearchTerm[] = [];
  for (const entry of vocabulary) {
    const hit = findHit(stems, entry);
    if (!hit) continue;
    for (const language of ['en', 'fr'] as const) {
      for (const { text } of entry[language]) {
        if (seen.has(text)) continue;
        seen.add(text);
        const origin = language === hit.language ? 'synonym' : 'translated';
        expansions.push({ text, origin, from: hit.term, weight });
      }
    }
  }
  // Translations first: they are what finds a listing written in the other language.
  return expansions
    .sort((a, b) => Number(a.origin === 'synonym') - Number(b.origin === 'synonym'))
    .slice(0, maximumExpansions);
}

function findHit(
  stems: string[],
  entry: PreparedVocabularyEntry,
): { language: 'en' | 'fr'; term: string } | undefined {
  for (const language of ['fr', 'en'] as const) {
    for (const { term, stems: termStems } of entry[language]) {
      if (containsSequence(stems, termStems)) return { language, term };
    }
  }
  return undefined;
}

/** The typed (or corrected) words weigh fully; expansions follow. */
export function buildTerms(
  typed: string[],
  corrections: Correction[],
  expansions: SearchTerm[],
): SearchTerm[] {
  const correctedFrom = new Map(corrections.map((c) => [c.to, c.from]));
  const terms: SearchTerm[] = [];
  for (const word of new Set(typed)) {
    const from = correctedFrom.get(word);
    terms.push(
      from
        ? { text: word, origin: 'corrected', from, weight: 1 }
        : { text: word, origin: 'typed', weight: 1 },
    );
  }
  return [...terms, ...expansions];
}

/** Which of the plan's terms a listing matched, to show the link worker why it was found. */
export function explainMatch(
  terms: SearchTerm[],
  matched: boolean[],
): { text: string; origin: SearchTermOrigin; from?: string }[] {
  return terms.flatMap((term, i) =>
    matched[i]
      ? [{ text: term.text, origin: term.origin, ...(term.from ? { from: term.from } : {}) }]
      : [],
  );
}

/** A listing found only through translations is a cross-language match. */
export function matchKind(
  why: { origin: SearchTermOrigin }[],
): 'same-language' | 'cross-language' | 'filters-only' {
  if (why.length === 0) return 'filters-only';
  return why.some((w) => w.origin !== 'translated') ? 'same-language' : 'cross-language';
}

/** Canadian (K6H 1A1) and French (75011) postal codes, compared without spaces in capitals. */
export function normalisePostalCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}
