import { type SQL, and, eq, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { searchLexicon, searchVocabulary } from '../../db/schema';
import type { SearchPlan, SearchTerm } from './search-rules';

const refreshChunk = 2000;

/** A service's text in one language: its translation, else the HSDS text when written in that language (or in an unknown one). */
function textIn(language: 'fr' | 'en', field: 'name' | 'description'): SQL {
  return sql.raw(`coalesce(s.translations->'${language}'->>'${field}',
    case when s.source_language is null or s.source_language = '${language}' then s.${field} end, '')`);
}

const documentSql = sql`
  setweight(to_tsvector('french_unaccent', ${textIn('fr', 'name')}), 'A') ||
  setweight(to_tsvector('english_unaccent', ${textIn('en', 'name')}), 'A') ||
  setweight(to_tsvector(case when s.source_language = 'fr' then 'french_unaccent'::regconfig else 'english_unaccent'::regconfig end,
    coalesce(s.record->>'alternate_name', '')), 'B') ||
  setweight(to_tsvector('french_unaccent', coalesce(cat.fr, '')), 'B') ||
  setweight(to_tsvector('english_unaccent', coalesce(cat.en, '')), 'B') ||
  setweight(to_tsvector('french_unaccent', ${textIn('fr', 'description')}), 'C') ||
  setweight(to_tsvector('english_unaccent', ${textIn('en', 'description')}), 'C')`;

/*
 * One statement rebuilds the documents of a slice of services from the directory tables:
 * correlated subqueries over indexed service ids, so 100k services build in bulk.
 */
function upsertDocuments(where: SQL): SQL {
  return sql`
  insert into directory_search_documents (service_id, source_language, document, category_ids,
    language_codes, is_free, lowest_cost, minimum_age, maximum_age, referral_status, open_days,
    opens_at, closes_at, accessibility, latitude, longitude, refreshed_at)
  select s.id, s.source_language, ${documentSql}, coalesce(cat.ids, '{}'),
    array(select distinct lower(l.code) from directory_languages l
      where l.service_id = s.id and l.code is not null),
    coalesce(cost.free, false), cost.lowest, s.minimum_age, s.maximum_age, s.referral_status,
    coalesce(sched.days, '{}'), sched.opens, sched.closes, place.accessibility,
    place.latitude, place.longitude, now()
  from directory_services s
  left join lateral (
    select array_agg(distinct a.taxonomy_term_id) as ids,
      -- The bracketed examples of a category name (money, housing...) would otherwise match
      -- every listing of the category as strongly as its own name does.
      string_agg(regexp_replace(coalesce(t.translations->'fr'->>'name', ''), '[[:space:]]*[(].*[)]', ''), ' ') as fr,
      string_agg(regexp_replace(coalesce(t.translations->'en'->>'name', t.name), '[[:space:]]*[(].*[)]', ''), ' ') as en
    from directory_attributes a
    left join directory_taxonomy_terms t on t.id = a.taxonomy_term_id
    where a.link_id = s.id and a.taxonomy_term_id is not null
  ) cat on true
  left join lateral (
    select bool_or(c.amount = 0) as free, min(c.amount) as lowest
    from directory_cost_options c where c.service_id = s.id
  ) cost on true
  left join lateral (
    select array_agg(distinct day) filter (where day <> '') as days,
      min(sc.opens_at) as opens, max(sc.closes_at) as closes
    from (
      -- Two indexed lookups rather than one OR, which would scan every schedule per service.
      select sc.byday, sc.opens_at, sc.closes_at from directory_schedules sc
      where sc.service_id = s.id
      union all
      select sc.byday, sc.opens_at, sc.closes_at from directory_service_at_locations sal
      join directory_schedules sc on sc.service_at_location_id = sal.id
      where sal.service_id = s.id and sc.service_id is distinct from s.id
    ) sc
    cross join lateral regexp_split_to_table(coalesce(sc.byday, ''), ',') as raw
    cross join lateral regexp_replace(upper(trim(raw)), '^[-+]?[0-9]*', '') as day
  ) sched on true
  left join lateral (
    select
      (select l.latitude from directory_service_at_locations sal
        join directory_locations l on l.id = sal.location_id
        where sal.service_id = s.id and l.latitude is not null and l.longitude is not null
        order by sal.id limit 1) as latitude,
      (select l.longitude from directory_service_at_locations sal
        join directory_locations l on l.id = sal.location_id
        where sal.service_id = s.id and l.latitude is not null and l.longitude is not null
        order by sal.id limit 1) as longitude,
      (select lower(unaccent(string_agg(concat_ws(' ', ac.record->>'description',
          ac.record->>'details'), ' ')))
        from directory_service_at_locations sal
        join directory_accessibility ac on ac.location_id = sal.location_id
        where sal.service_id = s.id) as accessibility
  ) place on true
  where ${where}
  on conflict (service_id) do update set
    source_language = excluded.source_language, document = excluded.document,
    category_ids = excluded.category_ids, language_codes = excluded.language_codes,
    is_free = excluded.is_free, lowest_cost = excluded.lowest_cost,
    minimum_age = excluded.minimum_age, maximum_age = excluded.maximum_age,
    referral_status = excluded.referral_status, open_days = excluded.open_days,
    opens_at = excluded.opens_at, closes_at = excluded.closes_at,
    accessibility = excluded.accessibility, latitude = excluded.latitude,
    longitude = excluded.longitude, refreshed_at = excluded.refreshed_at`;
}

/** Unaccented words of at least three letters: what the lexicon holds. */
const lexiconWords = (text: SQL): SQL => sql`
  select distinct w from regexp_split_to_table(lower(unaccent(${text})), '[^a-z0-9]+') as w
  where length(w) between 3 and 40`;

function upsertListingWords(where: SQL): SQL {
  return sql`
  insert into search_lexicon (word)
  select distinct words.w from directory_services s
  cross join lateral (${lexiconWords(sql`concat_ws(' ', s.name, s.description,
    s.translations->'fr'->>'name', s.translations->'fr'->>'description',
    s.translations->'en'->>'name', s.translations->'en'->>'description')`)}) as words
  where ${where}
  on conflict (word) do nothing`;
}

export async function refreshDocuments(db: Database, serviceIds: string[] | 'all'): Promise<void> {
  if (serviceIds === 'all') {
    await db.execute(sql`delete from directory_search_documents doc where not exists (
      select 1 from directory_services s where s.id = doc.service_id)`);
    await db.execute(upsertDocuments(sql`true`));
    await db.execute(upsertListingWords(sql`true`));
  } else {
    for (let i = 0; i < serviceIds.length; i += refreshChunk) {
      const aliased = sql`s.id = any(${textArray(serviceIds.slice(i, i + refreshChunk))})`;
      await db.execute(upsertDocuments(aliased));
      await db.execute(upsertListingWords(aliased));
    }
  }
  await refreshVocabularyWords(db);
}

export async function refreshVocabularyWords(db: Database): Promise<void> {
  await db.execute(sql`
    insert into search_lexicon (word)
    select distinct words.w from search_vocabulary v
    cross join lateral unnest(v.en || v.fr) as term
    cross join lateral (${lexiconWords(sql`term`)}) as words
    on conflict (word) do nothing`);
}

export type LexiconMatch = {
  input: string;
  known: boolean;
  nearest: string | null;
  similarity: number;
};

/** For each word: whether the lexicon holds it (or its singular or plural), else its nearest lexicon word by trigrams. */
export async function selectLexiconMatches(db: Database, words: string[]): Promise<LexiconMatch[]> {
  if (words.length === 0) return [];
  const inputs = sql.join(
    words.map((w) => sql`(${w}::text)`),
    sql`, `,
  );
  return selectRows<LexiconMatch>(
    db,
    sql`select i.input,
      exists (select 1 from search_lexicon x where x.word in (i.input, i.input || 's',
        regexp_replace(i.input, '[sx]$', ''))) as known,
      near.word as nearest, coalesce(near.score, 0)::float8 as similarity
    from (values ${inputs}) as i(input)
    left join lateral (
      select x.word, similarity(x.word, i.input) as score from search_lexicon x
      where x.word % i.input order by x.word <-> i.input, x.word limit 1
    ) near on true`,
  );
}

export type VocabularyRow = typeof searchVocabulary.$inferSelect;

export function selectVocabulary(db: Database): Promise<VocabularyRow[]> {
  return db
    .select()
    .from(searchVocabulary)
    .orderBy(searchVocabulary.createdAt, searchVocabulary.id);
}

/**
 * A cheap fingerprint of the vocabulary and the lexicon, so a process can keep both (and
 * its typo corrections) cached between searches. Lexicon words are only ever added, so
 * their count moves whenever the lexicon changes.
 */
export async function selectVocabularyStamp(db: Database): Promise<string> {
  const [row] = await selectRows<{ stamp: string }>(
    db,
    sql`select count(*)::text || ':' || coalesce(max(updated_at)::text, '') || ':' ||
      (select count(*) from search_lexicon)::text as stamp from search_vocabulary`,
  );
  return row?.stamp ?? '';
}

export type VocabularyInput = { category: string | null; en: string[]; fr: string[] };

export async function insertVocabularyEntry(
  db: Database,
  input: VocabularyInput,
): Promise<VocabularyRow | undefined> {
  const [row] = await db.insert(searchVocabulary).values(input).returning();
  return row;
}

export async function findVocabularyEntry(
  db: Database,
  id: string,
): Promise<VocabularyRow | undefined> {
  const [row] = await db.select().from(searchVocabulary).where(eq(searchVocabulary.id, id));
  return row;
}

export async function updateVocabularyEntryAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Partial<VocabularyInput>,
): Promise<VocabularyRow | undefined> {
  const [row] = await db
    .update(searchVocabulary)
    .set({ ...patch, version: sql`${searchVocabulary.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(searchVocabulary.id, id), eq(searchVocabulary.version, version)))
    .returning();
  return row;
}

export async function deleteVocabularyEntry(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .delete(searchVocabulary)
    .where(eq(searchVocabulary.id, id))
    .returning({ id: searchVocabulary.id });
  return rows.length > 0;
}

export async function countLexiconWords(db: Database): Promise<number> {
  return db.$count(searchLexicon);
}

/** The average position of the located addresses with this postal code, else with its first three characters. */
export async function selectPostalCodePoint(
  db: Database,
  code: string,
): Promise<{ lat: number; lon: number } | null> {
  const located = (match: SQL): SQL => sql`
    select avg(l.latitude)::float8 as lat, avg(l.longitude)::float8 as lon, count(*)::int as n
    from directory_addresses a join directory_locations l on l.id = a.location_id
    where ${match} and l.latitude is not null and l.longitude is not null`;
  const normalised = sql`upper(replace(a.postal_code, ' ', ''))`;
  for (const match of [
    sql`${normalised} = ${code}`,
    sql`${normalised} like ${`${code.slice(0, 3)}%`}`,
  ]) {
    const [row] = await selectRows<{ lat: number | null; lon: number | null; n: number }>(
      db,
      located(match),
    );
    if (row && row.n > 0 && row.lat !== null && row.lon !== null) {
      return { lat: row.lat, lon: row.lon };
    }
  }
  return null;
}

export type SearchRow = {
  service_id: string;
  score: number;
  distance_m: number | null;
  name: string;
  description: string | null;
  translations: Partial<Record<'fr' | 'en', { name?: string; description?: string }>>;
  source_language: 'fr' | 'en' | null;
  category_ids: string[];
  referral_status: 'open' | 'waitlist' | 'full';
  latitude: number | null;
  longitude: number | null;
  possibly_stale: boolean;
  matched: boolean[];
};

/** A term matches a listing's French text through the French stemmer, its English text through the English one. */
function termQuery(term: SearchTerm): SQL {
  if (term.tsquery !== undefined) return sql`${term.tsquery}::tsquery`;
  return sql`(phraseto_tsquery('french_unaccent', ${term.text}) || phraseto_tsquery('english_unaccent', ${term.text}))`;
}

/**
 * Terms parsed beforehand travel as one query text without repeats (a term and its
 * translation often stem alike), so the planner has no phrase queries left to fold.
 */
function anyOf(terms: SearchTerm[]): SQL {
  const parsed = terms.flatMap((t) => (t.tsquery === undefined ? [] : [t.tsquery]));
  if (parsed.length < terms.length) return sql.join(terms.map(termQuery), sql` || `);
  const distinct = [...new Set(parsed.filter((q) => q !== ''))];
  return sql`${distinct.map((q) => `(${q})`).join(' | ')}::tsquery`;
}

/** Each text as the search parses it: phrase queries with the French and English stemmers. */
export async function selectTermQueries(
  db: Database,
  texts: string[],
): Promise<{ text: string; tsquery: string }[]> {
  if (texts.length === 0) return [];
  return selectRows<{ text: string; tsquery: string }>(
    db,
    sql`select t as text, (phraseto_tsquery('french_unaccent', t) ||
      phraseto_tsquery('english_unaccent', t))::text as tsquery
    from unnest(${textArray(texts)}) as t`,
  );
}

/** Within the radius: the bounding box an index answers, then the exact great-circle distance. */
function nearConditions(point: SQL, km: number, exact: boolean): SQL[] {
  const radius = km * 1000;
  const box = sql`earth_box(${point}, ${radius}::float8) @> ll_to_earth(doc.latitude, doc.longitude)`;
  if (!exact) return [box];
  return [
    box,
    sql`earth_distance(${point}, ll_to_earth(doc.latitude, doc.longitude)) <= ${radius}::float8`,
  ];
}

/**
 * The plan's filters on a document, words aside; `exactRadius: false` leaves the radius
 * to the box alone.
 */
function filterConditions(plan: SearchPlan, point: SQL | null, exactRadius = true): SQL[] {
  const f = plan.filters;
  const conditions: SQL[] = [];
  if (f.categoryIds.length > 0) {
    conditions.push(sql`doc.category_ids && ${textArray(f.categoryIds)}`);
  }
  if (f.language) conditions.push(sql`doc.language_codes @> ${textArray([f.language])}`);
  if (f.cost === 'free') conditions.push(sql`doc.is_free`);
  if (f.cost === 'low') conditions.push(sql`(doc.is_free or doc.lowest_cost <= ${f.lowCostLimit})`);
  if (f.accessibility.length > 0) {
    const likes = f.accessibility.map((a) => sql`doc.accessibility like ${`%${a}%`}`);
    conditions.push(sql`(${sql.join(likes, sql` or `)})`);
  }
  if (f.days.length > 0) conditions.push(sql`doc.open_days && ${textArray(f.days)}`);
  if (f.openFrom) conditions.push(sql`doc.closes_at > ${f.openFrom}`);
  if (f.openUntil) conditions.push(sql`doc.opens_at < ${f.openUntil}`);
  if (f.age !== undefined) {
    conditions.push(sql`coalesce(doc.minimum_age, 0) <= ${f.age}`);
    conditions.push(sql`coalesce(doc.maximum_age, 200) >= ${f.age}`);
  }
  if (f.openToReferrals) conditions.push(sql`doc.referral_status = 'open'`);
  if (point && f.near) conditions.push(...nearConditions(point, f.near.km, exactRadius));
  return conditions;
}

function textArray(values: string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * Relevance: terms the caller typed (or their corrections) weigh fully, vocabulary
 * expansions less, so a translated match ranks below a same-language one of equal fit.
 * Distance then discounts it gently.
 */
function scoreSql(plan: SearchPlan, distance: SQL | null): SQL {
  const typed = plan.terms.filter((t) => t.weight >= 1);
  const expanded = plan.terms.filter((t) => t.weight < 1);
  const parts: SQL[] = [];
  if (typed.length > 0) parts.push(sql`ts_rank(doc.document, ${anyOf(typed)})`);
  if (expanded.length > 0) {
    parts.push(sql`${plan.expansionWeight}::float8 * ts_rank(doc.document, ${anyOf(expanded)})`);
  }
  const relevance = parts.length > 0 ? sql.join(parts, sql` + `) : sql`1`;
  return distance ? sql`(${relevance}) / (1 + ${distance} / 20000.0)` : sql`(${relevance})`;
}

/**
 * How many matching listings a text search ranks: at most this many whose names or
 * categories hold a word the caller typed, and this many more of any kind. Ranking every
 * match of a common word (a fifth of 100k listings match "group") costs a heap visit and
 * a ts_rank each; a capped set keeps a search within tens of milliseconds, and when
 * fewer listings match than the cap, which is the usual case, the ranking is exact.
 */
const candidateCap = 200;

/**
 * Services that tie on distance (one address, several activities) may come back from
 * the index in any order; this many extra rows let the page order them by id.
 */
const distanceTieSlack = 50;

/**
 * Filters only, near a point: nearest first, walking the GiST index in distance order
 * (the cube distance <-> orders as the great-circle one does) and stopping after the page.
 * A tie-breaking column in that ORDER BY would make the planner read and sort every
 * listing in the box instead, so ties are ordered above it, and the exact radius too.
 */
function nearestHits(plan: SearchPlan, point: SQL, distance: SQL, km: number): SQL {
  const conditions = filterConditions(plan, point, false);
  return sql`nearest as (
      select doc.service_id, ${distance}::float8 as distance_m
      from directory_search_documents doc
      where ${sql.join(conditions, sql` and `)}
      order by ll_to_earth(doc.latitude, doc.longitude) <-> ${point}
      limit ${plan.offset + plan.limit + distanceTieSlack}
    ),
    hits as (
      select service_id, 1::float8 as score, distance_m from nearest
      where distance_m <= ${km * 1000}::float8
      order by distance_m, service_id
      limit ${plan.limit} offset ${plan.offset}
    )`;
}

function searchSql(plan: SearchPlan): SQL {
  const near = plan.filters.near;
  const point = near ? sql`ll_to_earth(${near.lat}::float8, ${near.lon}::float8)` : null;
  const distance = point
    ? sql`earth_distance(${point}, ll_to_earth(doc.latitude, doc.longitude))`
    : null;
  const filters = filterConditions(plan, point);
  const whereAll = (extra: SQL[]): SQL =>
    [...extra, ...filters].length > 0 ? sql.join([...extra, ...filters], sql` and `) : sql`true`;
  const where = whereAll(
    plan.terms.length > 0 ? [sql`doc.document @@ (${anyOf(plan.terms)})`] : [],
  );
  const matched =
    plan.terms.length > 0
      ? sql`array[${sql.join(
          plan.terms.map((t) => sql`doc.document @@ ${termQuery(t)}`),
          sql`, `,
        )}]::boolean[]`
      : sql`'{}'::boolean[]`;
  let hits: SQL;
  if (plan.terms.length > 0) {
    const typed = plan.terms.filter((t) => t.weight >= 1);
    const cap = Math.max(candidateCap, plan.offset + plan.limit);
    // Strong candidates first: a typed word in the name, alternate name or category (weights
    // A, B). Only the typed words go to the index: with the expansions too it reads far more.
    const strong =
      typed.length > 0
        ? sql`(select doc.service_id from directory_search_documents doc
            where ${whereAll([
              sql`doc.document @@ (${anyOf(typed)})`,
              sql`ts_filter(doc.document, '{a,b}') @@ (${anyOf(typed)})`,
            ])} limit ${cap})
          union `
        : sql``;
    hits = sql`candidates as (
      ${strong}(select doc.service_id from directory_search_documents doc where ${where}
        limit ${Math.max(candidateCap / 2, plan.offset + plan.limit)})
    ),
    hits as (
      select doc.service_id, ${scoreSql(plan, distance)}::float8 as score,
        ${distance ?? sql`null`}::float8 as distance_m
      from candidates c join directory_search_documents doc on doc.service_id = c.service_id
      order by score desc, doc.service_id
      limit ${plan.limit} offset ${plan.offset}
    )`;
  } else if (point && distance && near) {
    hits = nearestHits(plan, point, distance, near.km);
  } else {
    hits = sql`hits as (
      select doc.service_id, 1::float8 as score, null::float8 as distance_m
      from directory_search_documents doc
      where ${where}
      order by doc.service_id
      limit ${plan.limit} offset ${plan.offset}
    )`;
  }
  return sql`with ${hits}
    select h.service_id, h.score, h.distance_m, s.name, s.description, s.translations,
      s.source_language, doc.category_ids, doc.referral_status, doc.latitude, doc.longitude,
      coalesce(s.last_confirmed_at, s.last_modified, s.created_at)
        < now() - make_interval(days => ${plan.staleAfterDays}::int) as possibly_stale,
      ${matched} as matched
    from hits h
    join directory_search_documents doc on doc.service_id = h.service_id
    join directory_services s on s.id = h.service_id
    order by h.score desc, h.distance_m asc nulls last, h.service_id`;
}

export async function searchDocuments(db: Database, plan: SearchPlan): Promise<SearchRow[]> {
  return selectRows<SearchRow>(db, searchSql(plan));
}
