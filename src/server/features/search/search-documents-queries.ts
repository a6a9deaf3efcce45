import { type SQL, sql } from 'drizzle-orm';
import { categories } from '../../../shared/directory-categories';
import type { Database } from '../../db/client';
import { textArray } from './search-queries';

/*
 * The search documents and the lexicon, rebuilt from the directory tables after each
 * import or edit.
 */

const refreshChunk = 2000;

/** Our categories as a table: key, term id, and names without their bracketed examples. */
const ourCategories = sql`(values ${sql.join(
  categories.map((c) => {
    const [en, fr] = [c.en, c.fr].map((name) => name.replace(/\s*\(.*\)/, ''));
    return sql`(${c.key}, ${c.id}, ${en}, ${fr})`;
  }),
  sql`, `,
)})`;

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
    select array(select distinct x from unnest(array_agg(a.taxonomy_term_id) || array_agg(mapped.id)) x
        where x is not null order by x) as ids,
      -- The bracketed examples of a category name (money, housing...) would otherwise match
      -- every listing of the category as strongly as its own name does.
      -- In term order, so a listing's words sit at the same positions however it was written.
      concat_ws(' ', string_agg(regexp_replace(coalesce(t.translations->'fr'->>'name', ''), '[[:space:]]*[(].*[)]', ''), ' ' order by a.taxonomy_term_id),
        string_agg(mapped.fr, ' ' order by a.taxonomy_term_id)) as fr,
      concat_ws(' ', string_agg(regexp_replace(coalesce(t.translations->'en'->>'name', t.name), '[[:space:]]*[(].*[)]', ''), ' ' order by a.taxonomy_term_id),
        string_agg(mapped.en, ' ' order by a.taxonomy_term_id)) as en
    from directory_attributes a
    left join directory_taxonomy_terms t on t.id = a.taxonomy_term_id
    -- A feed's own term counts as the category of ours it was matched to.
    left join directory_term_categories m on m.term_id = a.taxonomy_term_id
    left join ${ourCategories} as mapped(key, id, en, fr) on mapped.key = m.category
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
