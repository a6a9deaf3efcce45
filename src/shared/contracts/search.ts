import { z } from 'zod';
import { categoryKeys } from '../directory-categories';
import { Version } from './common';

const weekDays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** A comma-separated query parameter (or a repeated one) read as a list. */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value) ??
      undefined,
    z.array(item).max(20).optional(),
  );
}

/** Needs a query's words may state besides the activity: cost, when, for whom, where. */
export const SearchIntentKind = z.enum([
  'free',
  'low-cost',
  'weekend',
  'evening',
  'seniors',
  'near-me',
]);
export type SearchIntentKind = z.infer<typeof SearchIntentKind>;

const Time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM');

export const DirectorySearchQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    category: listOf(z.enum(categoryKeys)),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    postalCode: z
      .string()
      .trim()
      .regex(/^([A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]|[A-Za-z][0-9][A-Za-z]|[0-9]{5})$/)
      .optional(),
    km: z.coerce.number().positive().max(500).optional(),
    language: z.enum(['fr', 'en']).optional(),
    cost: z.enum(['free', 'low']).optional(),
    accessibility: z.string().trim().min(2).max(100).optional(),
    days: listOf(z.enum(weekDays)),
    openFrom: Time.optional(),
    openUntil: Time.optional(),
    age: z.coerce.number().int().min(0).max(120).optional(),
    openToReferrals: z.enum(['true', 'false']).optional(),
    /**
     * Ranks for this case's person: needs and interests from "what matters" first, then
     * distance, their language, cost and room, full listings last. Nothing personal travels:
     * the server reads the rest from the case.
     */
    caseId: z.uuid().optional(),
    /** Intents the user removed: their words are no longer read as filters. */
    ignore: listOf(SearchIntentKind),
    page: z.coerce.number().int().min(1).max(1000).default(1),
    perPage: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
  .refine((q) => (q.lat === undefined) === (q.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lon'],
  })
  .refine((q) => !(q.postalCode && q.lat !== undefined), {
    message: 'give a point or a postal code, not both',
    path: ['postalCode'],
  })
  .refine((q) => q.km === undefined || q.lat !== undefined || q.postalCode !== undefined, {
    message: 'a distance needs a point or a postal code',
    path: ['km'],
  });
export type DirectorySearchQuery = z.infer<typeof DirectorySearchQuery>;

export const SearchTermOrigin = z.enum(['typed', 'corrected', 'translated', 'synonym']);
export type SearchTermOrigin = z.infer<typeof SearchTermOrigin>;

export const SearchMatch = z.object({
  /** The word as typed, the correction, or the vocabulary's term as written: never a stem. */
  text: z.string(),
  origin: SearchTermOrigin,
  /** For a correction or an expansion: what the person typed that led to it, as typed. */
  from: z.string().optional(),
  /**
   * The listing's own words (lower case) that a correction or an expansion matched; empty for
   * typed words, and where the match was in a category or on a phrase.
   */
  words: z.array(z.string()),
});

export const DirectorySearchHit = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The language of the name and description shown: the caller's when the listing has it. */
  language: z.enum(['fr', 'en']).nullable(),
  sourceLanguage: z.enum(['fr', 'en']).nullable(),
  categories: z.array(z.enum(categoryKeys)),
  referralStatus: z.enum(['open', 'waitlist', 'full']),
  /** Nobody confirmed or changed the listing for longer than the programme's setting. */
  possiblyStale: z.boolean(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  distanceKm: z.number().nullable(),
  score: z.number(),
  why: z.object({
    kind: z.enum(['same-language', 'cross-language', 'filters-only']),
    matches: z.array(SearchMatch),
    distanceKm: z.number().nullable(),
  }),
  /** With a case: what in the listing answers the person's needs, interests and language. */
  forPerson: z
    .object({
      needs: z.array(z.enum(categoryKeys)),
      /** The person's interests (as written) that the listing speaks of. */
      interests: z.array(z.string()),
      language: z.boolean(),
      free: z.boolean(),
    })
    .nullable(),
});
export type DirectorySearchHit = z.infer<typeof DirectorySearchHit>;

export const DirectorySearchResult = z.object({
  items: z.array(DirectorySearchHit),
  page: z.int(),
  perPage: z.int(),
  hasMore: z.boolean(),
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  /**
   * The needs the words stated that the search applied as filters ("free", "near me",
   * "fin de semaine"...), with the words as typed; removed by naming the kind in `ignore`.
   */
  understood: z.array(z.object({ kind: SearchIntentKind, words: z.string() })),
  origin: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});
export type DirectorySearchResult = z.infer<typeof DirectorySearchResult>;

const VocabularyTerm = z.string().trim().toLowerCase().min(1).max(100);

export const VocabularyEntry = z.object({
  id: z.uuid(),
  category: z.enum(categoryKeys).nullable(),
  en: z.array(z.string()),
  fr: z.array(z.string()),
  version: z.int(),
  updatedAt: z.iso.datetime(),
});
export type VocabularyEntry = z.infer<typeof VocabularyEntry>;

export const VocabularyList = z.object({ items: z.array(VocabularyEntry) });
export type VocabularyList = z.infer<typeof VocabularyList>;

export const CreateVocabularyBody = z
  .object({
    category: z.enum(categoryKeys).nullable().default(null),
    en: z.array(VocabularyTerm).min(1).max(30),
    fr: z.array(VocabularyTerm).min(1).max(30),
  })
  .strict();
export type CreateVocabularyBody = z.infer<typeof CreateVocabularyBody>;

export const UpdateVocabularyBody = z
  .object({
    category: z.enum(categoryKeys).nullable().optional(),
    en: z.array(VocabularyTerm).min(1).max(30).optional(),
    fr: z.array(VocabularyTerm).min(1).max(30).optional(),
    version: Version,
  })
  .strict();
export type UpdateVocabularyBody = z.infer<typeof UpdateVocabularyBody>;

/** What the directory search needs to rank for one case's person, read from the case. */
export const ActivitySearchProfile = z.object({
  caseId: z.uuid(),
  caseReference: z.string(),
  /** The given name, to say "Connect Marie". */
  personName: z.string(),
  postalCode: z.string().nullable(),
  language: z.enum(['fr', 'en']),
  needs: z.object({
    high: z.array(z.enum(categoryKeys)),
    some: z.array(z.enum(categoryKeys)),
  }),
  /** The words of the person's interests, as written. */
  interests: z.array(z.string()),
  /** The person has an email address a listing can be sent to. */
  hasEmail: z.boolean(),
  permissions: z.object({ connect: z.boolean() }),
});
export type ActivitySearchProfile = z.infer<typeof ActivitySearchProfile>;
