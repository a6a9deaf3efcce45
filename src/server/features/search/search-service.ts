import type {
  CreateVocabularyBody,
  DirectorySearchQuery,
  DirectorySearchResult,
  SearchIntentKind,
  UpdateVocabularyBody,
  VocabularyEntry,
  VocabularyList,
} from '../../../shared/contracts/search';
import { type CategoryKey, categories, isCategoryKey } from '../../../shared/directory-categories';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import { canManageVocabulary, canSearchDirectory } from './search-policy';
import { presentHit, presentVocabularyEntry } from './search-presenter';
import { refreshDocuments, refreshVocabularyWords } from './search-documents-queries';
import {
  type SearchRow,
  countSearchDocuments,
  searchDocuments,
  selectDocumentFrequencies,
  selectPostalCodePoint,
  selectTermQueries,
  selectWordStems,
} from './search-queries';
import {
  deleteVocabularyEntry,
  findVocabularyEntry,
  insertVocabularyEntry,
  type LexiconMatch,
  selectLexiconMatches,
  selectVocabulary,
  selectVocabularyStamp,
  updateVocabularyEntryAtVersion,
} from './search-vocabulary-queries';
import { readPersonPreferences } from './search-person-service';
import {
  type PersonRanking,
  type SearchFilters,
  type SearchPlan,
  type SearchTerm,
  type PreparedVocabularyEntry,
  buildTerms,
  correctWords,
  expandWithVocabulary,
  lexemesOf,
  matchedListingWords,
  mayStemTo,
  normalisePostalCode,
  normaliseText,
  prepareVocabulary,
  tokenise,
  typedWords,
  wordWeight,
  wordsOfListing,
} from './search-rules';
import { isDictionaryWord } from './search-dictionary';
import {
  type RecognisedIntent,
  eveningFrom,
  nearMeKm,
  recogniseIntents,
  seniorAge,
} from './search-intents';

/**
 * How much a vocabulary expansion counts against a word the caller typed: nearly as much, so
 * a listing in the other language that covers the whole need outranks one that holds a
 * common word of the query's own; a little less, so of two equal fits the typed one leads.
 */
const expansionWeight = 0.9;
/** Listings counted for a word's weight: past this many a word is common, however common. */
const frequencyCap = 2000;
/** "Low cost": at most this much per session, in the listing's currency. */
const lowCostLimit = 10;
const defaultKm = 10;

/**
 * Rebuilds the search documents (and the lexicon) of the given services from the directory
 * tables. The directory import calls it inside its own transaction, so search never sees a
 * half-imported directory.
 */
export async function refreshSearchDocuments(
  db: Database,
  serviceIds: string[] | 'all',
): Promise<void> {
  await refreshDocuments(db, serviceIds);
  // Often inside the caller's transaction: a search racing its commit may keep the old
  // lexicon for up to stampCheckMs.
  forgetSearchCaches();
}

type SearchCache = {
  stamp: string;
  checkedAt: number;
  vocabulary: PreparedVocabularyEntry[];
  lexicon: Map<string, LexiconMatch>;
  /** Terms as text-search queries: parsing them once spares each search's planning. */
  termQueries: Map<string, string>;
  /** Listing words' stems, for saying which of a listing's words a term matched. */
  wordStems: Map<string, string[]>;
  /** How many listings hold a word and its expansions (up to frequencyCap), by their query. */
  frequencies: Map<string, number>;
  /** How many listings there are; read once per fingerprint. */
  total?: number;
};
let searchCaches = new WeakMap<Database, SearchCache>();
/** Enough words for every query of a busy day; past it the cache starts over. */
const maximumCachedWords = 5000;
/**
 * How long a cache is trusted before its fingerprint is read again: this process forgets
 * its caches at once on its own edits, so only another process's edit waits this long.
 */
const stampCheckMs = 2000;

/** After an edit of the vocabulary or the listings: every cache rebuilds on its next search. */
function forgetSearchCaches(): void {
  searchCaches = new WeakMap();
}

/**
 * The vocabulary and the lexicon change rarely (an edit, an import): keep them per database
 * until their fingerprint moves, so a search usually costs the search alone.
 */
async function loadSearchCache(db: Database): Promise<SearchCache> {
  const cached = searchCaches.get(db);
  const now = Date.now();
  if (cached && now - cached.checkedAt < stampCheckMs) return cached;
  const stamp = await selectVocabularyStamp(db);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached;
  }
  const vocabulary = prepareVocabulary(
    (await selectVocabulary(db)).map((row) => ({ en: row.en, fr: row.fr })),
  );
  const fresh: SearchCache = {
    stamp,
    checkedAt: now,
    vocabulary,
    lexicon: new Map(),
    termQueries: new Map(),
    wordStems: new Map(),
    frequencies: new Map(),
  };
  searchCaches.set(db, fresh);
  return fresh;
}

/**
 * By row and term, the listing's own words a correction or an expansion matched. Only words
 * that may stem to one of the terms' stems are stemmed, each once per process: stemming every
 * word of the page's listings on each search would nearly double its time.
 */
async function wordsMatchedIn(
  db: Database,
  cache: SearchCache,
  terms: SearchTerm[],
  rows: SearchRow[],
): Promise<string[][][]> {
  const lexemes = terms.flatMap((t) => (t.origin === 'typed' ? [] : (lexemesOf(t.tsquery) ?? [])));
  if (lexemes.length === 0) return rows.map(() => []);
  const wordsByRow = rows.map((row) =>
    wordsOfListing(
      [
        row.name,
        row.description,
        row.translations.fr?.name,
        row.translations.fr?.description,
        row.translations.en?.name,
        row.translations.en?.description,
      ]
        .filter(Boolean)
        .join(' '),
    ),
  );
  const unknown = [
    ...new Set(
      wordsByRow
        .flat()
        .filter((w) => mayStemTo(w.plain, lexemes) && !cache.wordStems.has(w.written))
        .map((w) => w.written),
    ),
  ];
  if (unknown.length > 0) {
    if (cache.wordStems.size + unknown.length > maximumCachedWords) cache.wordStems.clear();
    for (const row of await selectWordStems(db, unknown)) cache.wordStems.set(row.word, row.stems);
  }
  return rows.map((row, index) =>
    matchedListingWords(terms, row.matched, wordsByRow[index] ?? [], cache.wordStems),
  );
}

/** The plan's terms with their text-search queries, parsing only terms not seen before. */
async function withTermQueries(
  db: Database,
  cache: SearchCache,
  terms: SearchTerm[],
): Promise<SearchTerm[]> {
  const missing = [...new Set(terms.map((t) => t.text).filter((t) => !cache.termQueries.has(t)))];
  if (missing.length > 0) {
    if (cache.termQueries.size + missing.length > maximumCachedWords) cache.termQueries.clear();
    for (const row of await selectTermQueries(db, missing)) {
      cache.termQueries.set(row.text, row.tsquery);
    }
  }
  return terms.map((term) => {
    const tsquery = cache.termQueries.get(term.text);
    return tsquery === undefined ? term : { ...term, tsquery };
  });
}

/** Lexicon answers for the typed words: from the cache, asking the database only for new words. */
async function lexiconMatches(
  db: Database,
  cache: SearchCache,
  words: string[],
): Promise<LexiconMatch[]> {
  const missing = [...new Set(words.filter((w) => !cache.lexicon.has(w)))];
  if (missing.length > 0) {
    if (cache.lexicon.size + missing.length > maximumCachedWords) cache.lexicon.clear();
    for (const match of await selectLexiconMatches(db, missing)) {
      cache.lexicon.set(match.input, match);
    }
  }
  return words.flatMap((w) => {
    const match = cache.lexicon.get(w);
    return match ? [match] : [];
  });
}

async function resolvePoint(
  db: Database,
  query: DirectorySearchQuery,
): Promise<SearchFilters['near']> {
  const km = query.km ?? defaultKm;
  if (query.lat !== undefined && query.lon !== undefined) {
    return { lat: query.lat, lon: query.lon, km };
  }
  if (!query.postalCode) return undefined;
  const point = await selectPostalCodePoint(db, normalisePostalCode(query.postalCode));
  if (!point) throw new AppError('postal_code_unknown', { field: 'postalCode' });
  return { ...point, km };
}

function filtersOf(query: DirectorySearchQuery, near: SearchFilters['near']): SearchFilters {
  const wanted = new Set(query.category ?? []);
  return {
    categoryIds: categories.filter((c) => wanted.has(c.key)).map((c) => c.id),
    language: query.language,
    cost: query.cost,
    lowCostLimit,
    accessibility: query.accessibility ? [normaliseText(query.accessibility)] : [],
    days: query.days ?? [],
    openFrom: query.openFrom,
    openUntil: query.openUntil,
    age: query.age,
    openToReferrals: query.openToReferrals === 'true',
    near,
  };
}

/**
 * A case's person as the search ranks for them: the categories their needs point to, and
 * each interest with its translations through the vocabulary, parsed as the terms are.
 */
async function personRanking(
  db: Database,
  actor: Actor,
  cache: SearchCache,
  caseId: string,
): Promise<PersonRanking> {
  const preferences = await readPersonPreferences(db, actor, caseId);
  const idsOf = (keys: string[]): string[] =>
    categories.filter((c) => keys.includes(c.key)).map((c) => c.id);
  const groups = preferences.interests.map((interest) => ({
    shown: interest.asTyped,
    terms: [
      {
        text: interest.word,
        shown: interest.asTyped,
        origin: 'typed' as const,
        weight: 1,
        covers: [0],
      },
      ...expandWithVocabulary([interest.word], cache.vocabulary, expansionWeight, [
        interest.asTyped,
      ]),
    ],
  }));
  const parsed = await withTermQueries(
    db,
    cache,
    groups.flatMap((group) => group.terms),
  );
  let next = 0;
  return {
    language: preferences.row.preferredLanguage,
    postalCode: preferences.row.postalCode,
    highNeedCategoryIds: idsOf(preferences.needs.high),
    someNeedCategoryIds: idsOf(preferences.needs.some),
    interests: groups.map((group) => ({
      shown: group.shown,
      terms: group.terms.map(() => parsed[next++]).filter((term) => term !== undefined),
    })),
  };
}

/**
 * By searched word's position, its weight in the share of the query a listing covers: rare
 * words (and their expansions) count above common ones. Counts are cached with the lexicon.
 */
async function wordWeightsOf(
  db: Database,
  cache: SearchCache,
  terms: SearchTerm[],
): Promise<number[]> {
  const positions = Math.max(0, ...terms.flatMap((t) => t.covers.map((c) => c + 1)));
  const queries = Array.from({ length: positions }, (_, position) => {
    const parsed = terms
      .filter((t) => t.covers.includes(position) && t.tsquery)
      .map((t) => `(${t.tsquery ?? ''})`);
    return [...new Set(parsed)].toSorted().join(' | ');
  });
  const missing = [...new Set(queries.filter((q) => q !== '' && !cache.frequencies.has(q)))];
  if (missing.length > 0) {
    if (cache.frequencies.size + missing.length > maximumCachedWords) cache.frequencies.clear();
    for (const row of await selectDocumentFrequencies(db, missing, frequencyCap)) {
      cache.frequencies.set(row.query, row.df);
    }
  }
  cache.total ??= await countSearchDocuments(db);
  const total = cache.total;
  return queries.map((q) => wordWeight(cache.frequencies.get(q) ?? 0, total));
}

/** What the query's words say besides the activity, as filters, unless the caller set them. */
function intentFilters(
  filters: SearchFilters,
  intents: RecognisedIntent[],
  personPoint: SearchFilters['near'],
): { filters: SearchFilters; understood: RecognisedIntent[] } {
  const next = { ...filters };
  const understood: RecognisedIntent[] = [];
  for (const intent of intents) {
    const applied = applyIntent(next, intent.kind, personPoint);
    if (applied) understood.push(intent);
  }
  return { filters: next, understood };
}

/** Sets the filter an intent stands for on `filters`; false when the caller already set it. */
function applyIntent(
  filters: SearchFilters,
  kind: SearchIntentKind,
  personPoint: SearchFilters['near'],
): boolean {
  switch (kind) {
    case 'free':
      if (filters.cost) return false;
      filters.cost = 'free';
      return true;
    case 'low-cost':
      if (filters.cost) return false;
      filters.cost = 'low';
      return true;
    case 'weekend':
      if (filters.days.length > 0) return false;
      filters.days = ['SA', 'SU'];
      return true;
    case 'evening':
      if (filters.openFrom) return false;
      filters.openFrom = eveningFrom;
      return true;
    case 'seniors':
      if (filters.age !== undefined) return false;
      filters.age = seniorAge;
      return true;
    case 'near-me':
      if (filters.near || !personPoint) return false;
      filters.near = personPoint;
      return true;
  }
}

/** The point of a case's person's postal code, for "near me"; undefined when unknown. */
async function personPoint(
  db: Database,
  postalCode: string | null | undefined,
): Promise<SearchFilters['near']> {
  if (!postalCode) return undefined;
  const point = await selectPostalCodePoint(db, normalisePostalCode(postalCode));
  return point ? { ...point, km: nearMeKm } : undefined;
}

/** Searches the directory: words in either language, corrected, expanded, then filtered and ranked. */
export async function searchDirectory(
  db: Database,
  actor: Actor,
  query: DirectorySearchQuery,
  locale: Locale,
  staleAfterDays: number,
): Promise<DirectorySearchResult> {
  if (!canSearchDirectory(actor)) throw forbidden();
  const cache = await loadSearchCache(db);
  // The case first: a caller who may not see it learns nothing of the search.
  const person = query.caseId ? await personRanking(db, actor, cache, query.caseId) : undefined;
  const near = await resolvePoint(db, query);
  const { intents, rest: typed } = recogniseIntents(typedWords(query.q ?? ''), query.ignore);
  const typedWordsOnly = typed.map((t) => t.word);
  const { words, corrections } = correctWords(
    typedWordsOnly,
    await lexiconMatches(db, cache, typedWordsOnly),
    isDictionaryWord,
  );
  const expansions = expandWithVocabulary(
    words,
    cache.vocabulary,
    expansionWeight,
    typed.map((t) => t.asTyped),
  );
  const terms = await withTermQueries(db, cache, buildTerms(typed, words, expansions));
  const nearPerson = intents.some((i) => i.kind === 'near-me')
    ? await personPoint(db, person?.postalCode)
    : undefined;
  const { filters, understood } = intentFilters(filtersOf(query, near), intents, nearPerson);
  const plan: SearchPlan = {
    terms,
    wordWeights: await wordWeightsOf(db, cache, terms),
    person,
    filters,
    limit: query.perPage + 1,
    offset: (query.page - 1) * query.perPage,
    staleAfterDays,
  };
  const found = await searchDocuments(db, plan);
  const rows = found.slice(0, query.perPage);
  const listingWords = await wordsMatchedIn(db, cache, plan.terms, rows);
  const origin = filters.near;
  return {
    items: rows.map((row, index) =>
      presentHit(row, plan.terms, locale, listingWords[index], person),
    ),
    page: query.page,
    perPage: query.perPage,
    hasMore: found.length > query.perPage,
    corrections,
    understood,
    origin: origin ? { lat: origin.lat, lon: origin.lon } : null,
  };
}

function authorizeVocabulary(actor: Actor): void {
  if (!canManageVocabulary(actor)) throw forbidden();
}

/** The vocabulary's entries that name a category, each term as its search words. */
export async function categoryPhrases(
  db: Database,
): Promise<{ category: CategoryKey; phrases: string[][] }[]> {
  return (await selectVocabulary(db)).flatMap((row) =>
    isCategoryKey(row.category)
      ? [{ category: row.category, phrases: [...row.en, ...row.fr].map(tokenise) }]
      : [],
  );
}

export async function listVocabulary(db: Database, actor: Actor): Promise<VocabularyList> {
  authorizeVocabulary(actor);
  return { items: (await selectVocabulary(db)).map(presentVocabularyEntry) };
}

export async function createVocabularyEntry(
  db: Database,
  actor: Actor,
  input: CreateVocabularyBody,
): Promise<VocabularyEntry> {
  authorizeVocabulary(actor);
  const entry = await db.transaction(async (tx) => {
    const row = await insertVocabularyEntry(tx, input);
    if (!row) throw new AppError('internal');
    await refreshVocabularyWords(tx);
    await recordAudit(tx, actor, {
      action: 'search_vocabulary.created',
      subjectType: 'search_vocabulary',
      subjectId: row.id,
      details: { category: row.category, terms: row.en.length + row.fr.length },
    });
    return presentVocabularyEntry(row);
  });
  forgetSearchCaches();
  return entry;
}

export async function updateVocabularyEntry(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateVocabularyBody,
): Promise<VocabularyEntry> {
  authorizeVocabulary(actor);
  const { version, ...patch } = input;
  const entry = await db.transaction(async (tx) => {
    if (!(await findVocabularyEntry(tx, id))) throw notFound();
    const row = await updateVocabularyEntryAtVersion(tx, id, version, patch);
    if (!row) throw staleVersion();
    await refreshVocabularyWords(tx);
    await recordAudit(tx, actor, {
      action: 'search_vocabulary.updated',
      subjectType: 'search_vocabulary',
      subjectId: id,
      details: { fields: Object.keys(patch) },
    });
    return presentVocabularyEntry(row);
  });
  forgetSearchCaches();
  return entry;
}

export async function removeVocabularyEntry(db: Database, actor: Actor, id: string): Promise<void> {
  authorizeVocabulary(actor);
  await db.transaction(async (tx) => {
    if (!(await deleteVocabularyEntry(tx, id))) throw notFound();
    await recordAudit(tx, actor, {
      action: 'search_vocabulary.deleted',
      subjectType: 'search_vocabulary',
      subjectId: id,
    });
  });
  forgetSearchCaches();
}
