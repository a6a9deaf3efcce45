// Written by features/search.
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  doublePrecision,
  index,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps, version } from './columns';

/*
 * Directory search. A search document is a service's text in both languages, indexed for
 * full text, with the filter facts copied beside it so that one indexed table answers a
 * search; it is rebuilt from the directory tables after every import.
 */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const directorySearchDocuments = pgTable(
  'directory_search_documents',
  {
    serviceId: text('service_id').primaryKey(),
    sourceLanguage: text('source_language', { enum: ['fr', 'en'] }),
    document: tsvector('document').notNull(),
    categoryIds: text('category_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languageCodes: text('language_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isFree: boolean('is_free').notNull().default(false),
    lowestCost: doublePrecision('lowest_cost'),
    minimumAge: doublePrecision('minimum_age'),
    maximumAge: doublePrecision('maximum_age'),
    referralStatus: text('referral_status', { enum: ['open', 'waitlist', 'full'] }).notNull(),
    openDays: text('open_days')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    opensAt: text('opens_at'),
    closesAt: text('closes_at'),
    accessibility: text('accessibility'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('directory_search_documents_document_idx').using('gin', t.document),
    index('directory_search_documents_categories_idx').using('gin', t.categoryIds),
    index('directory_search_documents_languages_idx').using('gin', t.languageCodes),
    index('directory_search_documents_days_idx').using('gin', t.openDays),
    index('directory_search_documents_earth_idx').using(
      'gist',
      sql`ll_to_earth(${t.latitude}, ${t.longitude})`,
    ),
  ],
);

/** Every distinct unaccented word of the listings and the vocabulary: what typos are corrected to. */
export const searchLexicon = pgTable('search_lexicon', { word: text('word').primaryKey() }, (t) => [
  index('search_lexicon_word_trgm_idx').using('gin', t.word.op('gin_trgm_ops')),
]);

/** Terms that mean the same thing in English and French, maintained by administrators. */
export const searchVocabulary = pgTable('search_vocabulary', {
  id: uuid('id').primaryKey().defaultRandom(),
  category: text('category'),
  en: text('en').array().notNull(),
  fr: text('fr').array().notNull(),
  ...version,
  ...timestamps,
});
