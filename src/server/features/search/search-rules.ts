import type { SearchTermOrigin } from '../../../shared/contracts/search';

/** A word or phrase the search looks for, and how it came into the query. */
export type SearchTerm = {
  /** What the search looks for: lower case, without accents. */
  text: string;
  /** How people read it: the word as typed, the vocabulary's term as written, the correction. */
  shown: string;
  origin: SearchTermOrigin;
  /** What the caller typed that led to this term (the misspelling, or the words a vocabulary term matched), as typed. */
  from?: string;
  weight: number;
  /** The positions of the searched words it stands for: one word, or the words of a phrase. */
  covers: number[];
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

/**
 * Ranking for one person: the categories their needs point to, their interests (each with
 * its vocabulary translations), their language.
 */
export type PersonRanking = {
  language: 'fr' | 'en';
  /** Where the person lives, for "near me". */
  postalCode: string | null;
  highNeedCategoryIds: string[];
  someNeedCategoryIds: string[];
  /** One group per interest as written: the word and its expansions. */
  interests: { shown: string; terms: SearchTerm[] }[];
};

export type SearchPlan = {
  terms: SearchTerm[];
  /**
   * By searched word's position: how much it counts in the share of the query a listing
   * covers (IDF-like: rare words above common ones; 0 for a word no listing holds).
   */
  wordWeights: number[];
  /** With a case: rank for its person instead of by words alone. */
  person?: PersonRanking | undefined;
  filters: SearchFilters;
  limit: number;
  offset: number;
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
  return typedWords(text).map((typed) => typed.word);
}

/**
 * The words of a query, normalised for the search, each with how it was typed (lower case,
 * accents kept) for saying why a listing matched: "isolé", never "isole".
 */
export function typedWords(text: string): { word: string; asTyped: string }[] {
  return text
    .replace(/[’‘`]/g, "'")
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .flatMap((piece) => {
      const words = normaliseText(piece).split(/[^a-z0-9]+/);
      // A piece the normalisation splits further (a ligature, a symbol) shows as its words.
      const asTyped = words.length === 1 ? piece.toLocaleLowerCase() : null;
      return words.map((word) => ({ word, asTyped: asTyped ?? word }));
    })
    .filter((typed) => typed.word.length > 0 && !stopWords.has(typed.word));
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

/**
 * Unknown words of four letters or more become their nearest lexicon word, when one is near
 * enough: unknown to the directory and the vocabulary (the lexicon) and to either language's
 * dictionary (`isWord`), so a real word ("store") is never made into another ("sore").
 */
export function correctWords(
  words: string[],
  answers: LexiconAnswer[],
  isWord: (word: string) => boolean = () => false,
): { words: string[]; corrections: Correction[] } {
  const byInput = new Map(answers.map((a) => [a.input, a]));
  const corrections: Correction[] = [];
  const corrected = words.map((word) => {
    const answer = byInput.get(word);
    if (!answer || answer.known || word.length < 4 || /^[0-9]+$/.test(word)) return word;
    if (isWord(word)) return word;
    if (!answer.nearest || answer.similarity < minimumSimilarity) return word;
    corrections.push({ from: word, to: answer.nearest });
    return answer.nearest;
  });
  return { words: corrected, corrections };
}

/** Where the needle's words stand in the haystack, in a row; -1 when they do not. */
function sequenceStart(haystack: string[], needle: string[]): number {
  if (needle.length === 0 || needle.length > haystack.length) return -1;
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, i) => haystack[start + i] === word)) return start;
  }
  return -1;
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
 * other terms: the other language's as translations, the same language's as synonyms. A
 * phrase the vocabulary knows is translated as a unit: "walking group" brings "groupe de
 * marche", and the entries its words hit alone ("walking", "group") are left out.
 */
export function expandWithVocabulary(
  words: string[],
  vocabulary: PreparedVocabularyEntry[],
  weight: number,
  /** The words as typed, in the same order: what each expansion says it came from. */
  asTyped: string[] = words,
): SearchTerm[] {
  const stems = words.map(lightStem);
  const hits = vocabulary.flatMap((entry) => {
    const hit = findHit(stems, entry);
    return hit ? [{ entry, ...hit }] : [];
  });
  const inside = (a: { start: number; length: number }, b: { start: number; length: number }) =>
    b.length > a.length && b.start <= a.start && a.start + a.length <= b.start + b.length;
  const units = hits.filter((hit) => !hits.some((other) => inside(hit, other)));
  const seen = new Set(words);
  const expansions: SearchTerm[] = [];
  for (const hit of units) {
    const from = asTyped.slice(hit.start, hit.start + hit.length).join(' ');
    const covers = Array.from({ length: hit.length }, (_, k) => hit.start + k);
    for (const language of ['en', 'fr'] as const) {
      for (const { term, text } of hit.entry[language]) {
        if (seen.has(text)) continue;
        seen.add(text);
        const origin = language === hit.language ? 'synonym' : 'translated';
        expansions.push({ text, shown: term, origin, from, weight, covers });
      }
    }
  }
  // Translations first: they are what finds a listing written in the other language.
  return expansions
    .sort((a, b) => Number(a.origin === 'synonym') - Number(b.origin === 'synonym'))
    .slice(0, maximumExpansions);
}

/** The entry's longest term found in the query, in either language. */
function findHit(
  stems: string[],
  entry: PreparedVocabularyEntry,
): { language: 'en' | 'fr'; start: number; length: number } | undefined {
  let best: { language: 'en' | 'fr'; start: number; length: number } | undefined;
  for (const language of ['fr', 'en'] as const) {
    for (const { stems: termStems } of entry[language]) {
      const start = sequenceStart(stems, termStems);
      if (start >= 0 && termStems.length > (best?.length ?? 0)) {
        best = { language, start, length: termStems.length };
      }
    }
  }
  return best;
}

/** How much a correction counts against the word typed: a guess, but above a translation. */
export const correctionWeight = 0.95;

/**
 * The typed words weigh fully; a correction a little less, beside the typed word, whose own
 * matches stay; expansions follow. `words` are the words searched for, in the order they
 * were typed: each the typed word or its correction.
 */
export function buildTerms(
  typed: { word: string; asTyped: string }[],
  words: string[],
  expansions: SearchTerm[],
): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  words.forEach((word, index) => {
    const { word: typedWord = word, asTyped = word } = typed[index] ?? {};
    if (!seen.has(typedWord)) {
      seen.add(typedWord);
      terms.push({ text: typedWord, shown: asTyped, origin: 'typed', weight: 1, covers: [index] });
    }
    if (typedWord !== word && !seen.has(word)) {
      seen.add(word);
      terms.push({
        text: word,
        shown: word,
        origin: 'corrected',
        from: asTyped,
        weight: correctionWeight,
        covers: [index],
      });
    }
  });
  return [...terms, ...expansions];
}

/**
 * A word's weight in the share of the query a listing covers, from how many of the
 * directory's listings hold it or its expansions (`df`, counted up to a cap) among `total`:
 * BM25's inverse document frequency. A word no listing holds tells listings apart not at all.
 */
export function wordWeight(df: number, total: number): number {
  if (df === 0 || total === 0) return 0;
  return Math.log(1 + (Math.max(total, df) - df + 0.5) / (df + 0.5));
}

/**
 * Which of the plan's terms a listing matched, to show the link worker why it was found: each
 * term as people read it, with the listing's own words it matched (`listingWords`, by term;
 * none where it matched a category or the term is a phrase).
 */
export function explainMatch(
  terms: SearchTerm[],
  matched: boolean[],
  listingWords: string[][] = [],
): { text: string; origin: SearchTermOrigin; from?: string; words: string[] }[] {
  return terms.flatMap((term, i) =>
    matched[i]
      ? [
          {
            text: term.shown,
            origin: term.origin,
            ...(term.from ? { from: term.from } : {}),
            words: listingWords[i] ?? [],
          },
        ]
      : [],
  );
}

/** The stems a parsed term looks for ("'jardin' | 'jardinag'"); null for a phrase, which no single word matches. */
export function lexemesOf(tsquery: string | undefined): string[] | null {
  if (!tsquery || tsquery.includes('<')) return null;
  return [...tsquery.matchAll(/'((?:[^']|'')+)'/g)].map((m) => (m[1] ?? '').replaceAll("''", "'"));
}

/** A listing's distinct words as written (lower case), each with its unaccented form. */
export function wordsOfListing(text: string): { written: string; plain: string }[] {
  const seen = new Set<string>();
  const words: { written: string; plain: string }[] = [];
  for (const piece of text.replace(/[’‘`]/g, "'").split(/[^\p{L}\p{M}\p{N}]+/u)) {
    const written = piece.toLocaleLowerCase();
    const plain = normaliseText(piece);
    if (written.length < 2 || seen.has(written) || !/^[a-z0-9]+$/.test(plain)) continue;
    seen.add(written);
    words.push({ written, plain });
  }
  return words;
}

/**
 * The words of a listing worth stemming for a term: a stem is nearly always the start of its
 * word, give or take its last letter (isol: isolement; happi: happy).
 */
export function mayStemTo(plain: string, lexemes: string[]): boolean {
  return lexemes.some((lexeme) =>
    plain.startsWith(lexeme.slice(0, Math.max(3, lexeme.length - 1))),
  );
}

/**
 * By term, the listing's own words a correction or an expansion matched (typed words are shown
 * as typed): the words whose stems, in either language, are among the term's. `stems` holds
 * each candidate word's stems.
 */
export function matchedListingWords(
  terms: SearchTerm[],
  matched: boolean[],
  words: { written: string; plain: string }[],
  stems: ReadonlyMap<string, readonly string[]>,
): string[][] {
  return terms.map((term, i) => {
    if (!matched[i] || term.origin === 'typed') return [];
    const lexemes = lexemesOf(term.tsquery);
    if (!lexemes) return [];
    return words
      .filter(
        ({ written, plain }) =>
          mayStemTo(plain, lexemes) &&
          (stems.get(written) ?? []).some((stem) => lexemes.includes(stem)),
      )
      .map(({ written }) => written);
  });
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
