import { type SQL, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import type { PersonRanking, SearchPlan, SearchTerm } from './search-rules';

/**
 * Each word's stems in both languages, as the search documents index it: what a term's
 * query is matched against.
 */
export function selectWordStems(
  db: Database,
  words: string[],
): Promise<{ word: string; stems: string[] }[]> {
  if (words.length === 0) return Promise.resolve([]);
  return selectRows<{ word: string; stems: string[] }>(
    db,
    sql`select w as word, tsvector_to_array(to_tsvector('french_unaccent', w) ||
      to_tsvector('english_unaccent', w)) as stems
    from unnest(${textArray(words)}) as w`,
  );
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
  /** With a person: which of their interests the listing speaks of, in their order. */
  interest_matched: boolean[];
  language_codes: string[];
  is_free: boolean;
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

export function textArray(values: string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/** A match in a name, alternate name or category counts fully; in a description, this much. */
const descriptionShare = 0.6;

/**
 * Relevance: the share of the query's meaning a listing covers. Each searched word counts by
 * its weight (rare words above common ones); a listing covers it by the best of the terms
 * that stand for it (the word typed, its correction, its translations and synonyms, or a
 * phrase it is part of), each at its own weight, fully in a name or category and less in a
 * description. `head` is the listing's document cut to its names and categories. Rounded,
 * so that listings that cover a query alike tie (see confirmedSql for how ties are broken).
 */
function coverageSql(plan: SearchPlan, head: SQL): SQL {
  const total = plan.wordWeights.reduce((sum, w) => sum + w, 0);
  if (total === 0) return sql`0`;
  const parts = plan.wordWeights.flatMap((weight, position) => {
    if (weight === 0) return [];
    const terms = plan.terms.filter((t) => t.covers.includes(position));
    const byWeight = new Map<number, SearchTerm[]>();
    for (const t of terms) byWeight.set(t.weight, [...(byWeight.get(t.weight) ?? []), t]);
    const best = [...byWeight].map(
      ([termWeight, group]) => sql`case when ${head} @@ (${anyOf(group)}) then ${termWeight}::float8
        when doc.document @@ (${anyOf(group)}) then ${termWeight * descriptionShare}::float8 else 0 end`,
    );
    if (best.length === 0) return [];
    return [sql`${weight / total}::float8 * greatest(${sql.join(best, sql`, `)})`];
  });
  if (parts.length === 0) return sql`0`;
  return sql`round((${sql.join(parts, sql` + `)})::numeric, 3)::float8`;
}

/**
 * Ties: the nearest first; then, for words, the listing whose name and categories say least
 * besides (of two that hold "banque alimentaire", the food bank before the volunteering at
 * one); then the most recently confirmed (else changed).
 */
const confirmedSql = sql`coalesce(s.last_confirmed_at, s.last_modified, s.created_at)`;

/**
 * How many listings match each query (a word and its expansions), counted up to `cap`: the
 * index answers a rare word at once, and a common one stops at the cap.
 */
export function selectDocumentFrequencies(
  db: Database,
  queries: string[],
  cap: number,
): Promise<{ query: string; df: number }[]> {
  if (queries.length === 0) return Promise.resolve([]);
  return selectRows<{ query: string; df: number }>(
    db,
    sql`select q as query, (select count(*)::int from (
        select 1 from directory_search_documents doc where doc.document @@ q::tsquery limit ${cap}
      ) found) as df
    from unnest(${textArray(queries)}) as q`,
  );
}

export async function countSearchDocuments(db: Database): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from directory_search_documents`,
  );
  return row?.n ?? 0;
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
 * the index in any order; this many extra rows let the page order them by how recently
 * they were confirmed, then by id.
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
      select n.service_id, 1::float8 as score, n.distance_m, ${confirmedSql} as confirmed_at
      from nearest n join directory_services s on s.id = n.service_id
      where n.distance_m <= ${km * 1000}::float8
      order by n.distance_m, confirmed_at desc, n.service_id
      limit ${plan.limit} offset ${plan.offset}
    )`;
}

/** How many listings a search for a person ranks: the nearest this many that pass the filters. */
const personCandidateCap = 500;

/**
 * A listing's fit for one person, each part between 0 and its weight: the needs it answers
 * (a high need counts double), an interest it speaks of, their language, what it costs, how
 * near it is, and how well it matches words typed. A waiting list costs a little; a full
 * listing is put last by the order, whatever its fit.
 */
function personScoreSql(plan: SearchPlan, person: PersonRanking, distance: SQL | null): SQL {
  const parts: SQL[] = [];
  const high = person.highNeedCategoryIds;
  const some = person.someNeedCategoryIds;
  if (high.length > 0 || some.length > 0) {
    const cases: SQL[] = [];
    if (high.length > 0) cases.push(sql`when doc.category_ids && ${textArray(high)} then 3.0`);
    if (some.length > 0) cases.push(sql`when doc.category_ids && ${textArray(some)} then 1.5`);
    parts.push(sql`(case ${sql.join(cases, sql` `)} else 0 end)`);
  }
  const interestTerms = person.interests.flatMap((interest) => interest.terms);
  if (interestTerms.length > 0) {
    parts.push(sql`(case when doc.document @@ (${anyOf(interestTerms)}) then 3.0 else 0 end)`);
  }
  parts.push(
    sql`(case when doc.language_codes @> ${textArray([person.language])} then 2.0 else 0 end)`,
  );
  parts.push(sql`(case when doc.is_free then 1.0
    when doc.lowest_cost <= ${plan.filters.lowCostLimit} then 0.5 else 0 end)`);
  if (distance) parts.push(sql`(2.0 / (1 + coalesce(${distance}, 50000) / 2000.0))`);
  if (plan.terms.length > 0) parts.push(sql`(4.0 * ${coverageSql(plan, sql`h.head`)})`);
  parts.push(sql`(case when doc.referral_status = 'waitlist' then -0.5 else 0 end)`);
  return sql.join(parts, sql` + `);
}

function personHits(
  plan: SearchPlan,
  person: PersonRanking,
  point: SQL | null,
  distance: SQL | null,
  where: SQL,
): SQL {
  const nearest = point
    ? sql`order by ll_to_earth(doc.latitude, doc.longitude) <-> ${point}`
    : sql`order by doc.service_id`;
  return sql`candidates as (
      select doc.service_id from directory_search_documents doc where ${where}
      ${nearest} limit ${Math.max(personCandidateCap, plan.offset + plan.limit)}
    ),
    hits as (
      select doc.service_id, ${personScoreSql(plan, person, distance)}::float8 as score,
        ${distance ?? sql`null`}::float8 as distance_m, doc.referral_status = 'full' as is_full,
        ${confirmedSql} as confirmed_at
      from candidates c join directory_search_documents doc on doc.service_id = c.service_id
      join directory_services s on s.id = c.service_id
      cross join lateral (select ts_filter(doc.document, '{a,b}') as head) h
      order by is_full, score desc, distance_m asc nulls last, confirmed_at desc, doc.service_id
      limit ${plan.limit} offset ${plan.offset}
    )`;
}

function interestsMatchedSql(person: PersonRanking | undefined): SQL {
  const groups = (person?.interests ?? []).filter((interest) => interest.terms.length > 0);
  if (groups.length === 0) return sql`'{}'::boolean[]`;
  return sql`array[${sql.join(
    groups.map((interest) => sql`doc.document @@ (${anyOf(interest.terms)})`),
    sql`, `,
  )}]::boolean[]`;
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
  if (plan.person) {
    hits = personHits(plan, plan.person, point, distance, where);
  } else if (plan.terms.length > 0) {
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
      select doc.service_id, ${coverageSql(plan, sql`h.head`)} as score,
        ${distance ?? sql`null`}::float8 as distance_m, ${confirmedSql} as confirmed_at,
        length(h.head) as head_size
      from candidates c join directory_search_documents doc on doc.service_id = c.service_id
      join directory_services s on s.id = c.service_id
      cross join lateral (select ts_filter(doc.document, '{a,b}') as head) h
      order by score desc, distance_m asc nulls last, head_size, confirmed_at desc,
        doc.service_id
      limit ${plan.limit} offset ${plan.offset}
    )`;
  } else if (point && distance && near) {
    hits = nearestHits(plan, point, distance, near.km);
  } else {
    // Filters alone, no place: the most recently confirmed listings first.
    hits = sql`hits as (
      select doc.service_id, 1::float8 as score, null::float8 as distance_m,
        ${confirmedSql} as confirmed_at
      from directory_search_documents doc
      join directory_services s on s.id = doc.service_id
      where ${where}
      -- Walks directory_services_confirmed_idx backwards: no sort of every match.
      order by confirmed_at desc, doc.service_id desc
      limit ${plan.limit} offset ${plan.offset}
    )`;
  }
  return sql`with ${hits}
    select h.service_id, h.score, h.distance_m, s.name, s.description, s.translations,
      s.source_language, doc.category_ids, doc.referral_status, doc.latitude, doc.longitude,
      coalesce(s.last_confirmed_at, s.last_modified, s.created_at)
        < now() - make_interval(days => ${plan.staleAfterDays}::int) as possibly_stale,
      ${matched} as matched, ${interestsMatchedSql(plan.person)} as interest_matched,
      doc.language_codes, doc.is_free
    from hits h
    join directory_search_documents doc on doc.service_id = h.service_id
    join directory_services s on s.id = h.service_id
    order by ${plan.person ? sql`doc.referral_status = 'full', ` : sql``}h.score desc,
      h.distance_m asc nulls last, ${plan.terms.length > 0 && !plan.person ? sql`h.head_size, ` : sql``}h.confirmed_at desc nulls last, h.service_id`;
}

export async function searchDocuments(db: Database, plan: SearchPlan): Promise<SearchRow[]> {
  return selectRows<SearchRow>(db, searchSql(plan));
}
