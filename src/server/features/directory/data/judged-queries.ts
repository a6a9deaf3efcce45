import fs from 'node:fs';
import { z } from 'zod';
import { categoryKeys } from '../../../../shared/directory-categories';
import { ListingLanguage } from './hsds-service';
import { type JudgedListing, distanceKm, listingFacts } from './judged-directory';
import { categoriesOfService } from './service-categories';

/**
 * same-language: the need named as listings name it; cross-language: every exactly right
 * listing is written in the other language only; natural: several words as a person describes
 * a need; typo: misspelt or typed without accents.
 */
export const JudgedQueryGroup = z.enum(['same-language', 'cross-language', 'natural', 'typo']);
export type JudgedQueryGroup = z.infer<typeof JudgedQueryGroup>;
export const judgedQueryGroups = JudgedQueryGroup.options;

export const JudgedQueryFilters = z.object({
  category: z.enum(categoryKeys).optional(),
  near: z
    .object({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      km: z.number().positive(),
    })
    .optional(),
  freeOnly: z.boolean().optional(),
  language: ListingLanguage.optional(),
});
export type JudgedQueryFilters = z.infer<typeof JudgedQueryFilters>;

/** What the person said they need, in words: a listing that does not offer it is not relevant. */
export const JudgedQueryNeeds = z.object({
  free: z.boolean().optional(),
  age: z.number().int().min(0).max(120).optional(),
  weekend: z.boolean().optional(),
  evening: z.boolean().optional(),
});
export type JudgedQueryNeeds = z.infer<typeof JudgedQueryNeeds>;

const Grade = z.union([z.literal(1), z.literal(2)]);
export type Grade = z.infer<typeof Grade>;

/**
 * A query with its graded relevance: 2 is exactly right, 1 acceptable, anything else 0.
 * Demo listings are judged one by one (`relevant`); synthetic ones by the activity they were
 * made from (`activities`, by its English name), within the query's filters and needs.
 */
export const JudgedQuery = z.object({
  id: z.string().min(1),
  query: z.string().min(1),
  language: ListingLanguage,
  group: JudgedQueryGroup,
  filters: JudgedQueryFilters.optional(),
  needs: JudgedQueryNeeds.optional(),
  relevant: z.record(z.uuid(), Grade),
  activities: z.record(z.string(), Grade).optional(),
  note: z.string().optional(),
});
export type JudgedQuery = z.infer<typeof JudgedQuery>;

export const JudgedQueries = z.array(JudgedQuery).min(1);
export type JudgedQueries = z.infer<typeof JudgedQueries>;

export const judgedQueriesFile = new URL('./judged-queries.json', import.meta.url);

let cached: JudgedQueries | undefined;

export function loadJudgedQueries(): JudgedQueries {
  cached ??= JudgedQueries.parse(JSON.parse(fs.readFileSync(judgedQueriesFile, 'utf8')));
  return cached;
}

/** Whether a listing passes the query's filters and offers what the person said they need. */
export function listingFits(query: JudgedQuery, listing: JudgedListing): boolean {
  const facts = listingFacts(listing);
  const f = query.filters;
  const n = query.needs;
  if (f?.near && (!facts.point || distanceKm(f.near, facts.point) > f.near.km)) return false;
  if (f?.category && !categoriesOfService(listing.service).includes(f.category)) return false;
  if ((f?.freeOnly || n?.free) && !facts.free) return false;
  if (f?.language && !(listing.service.languages ?? []).some((l) => l.code === f.language))
    return false;
  if (n?.age !== undefined) {
    if ((facts.minimumAge ?? 0) > n.age || (facts.maximumAge ?? 200) < n.age) return false;
  }
  if (n?.weekend && !facts.days.some((d) => d === 'SA' || d === 'SU')) return false;
  if (n?.evening && !facts.opensAt.some((t) => t >= '17:00')) return false;
  return true;
}

/** Each relevant listing's grade for the query, over the judged directory. */
export function gradesOf(query: JudgedQuery, directory: JudgedListing[]): Map<string, Grade> {
  const grades = new Map<string, Grade>();
  for (const listing of directory) {
    const grade = listing.activity
      ? query.activities?.[listing.activity]
      : query.relevant[listing.service.id];
    if (grade && listingFits(query, listing)) grades.set(listing.service.id, grade);
  }
  return grades;
}

export type RankingScore = { passed: boolean; precisionAt3: number; ndcgAt5: number };

/**
 * Passed: an exactly right listing in the top 3. Precision at 3: the share of the top 3 that
 * is relevant (grade 1 or 2). nDCG at 5: gains 2^grade - 1, against the best order possible.
 */
export function scoreRanking(grades: Map<string, Grade>, ranked: string[]): RankingScore {
  const top3 = ranked.slice(0, 3);
  const gain = (grade: number): number => 2 ** grade - 1;
  const dcg = (gs: number[]): number =>
    gs.slice(0, 5).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].toSorted((a, b) => b - a));
  return {
    passed: top3.some((id) => grades.get(id) === 2),
    precisionAt3: top3.filter((id) => grades.has(id)).length / 3,
    ndcgAt5: ideal === 0 ? 0 : dcg(ranked.map((id) => grades.get(id) ?? 0)) / ideal,
  };
}

export type GroupScore = {
  group: JudgedQueryGroup | 'all';
  queries: number;
  passRate: number;
  precisionAt3: number;
  ndcgAt5: number;
};

/** Mean scores per group, then over all queries. */
export function scoresByGroup(
  scored: { group: JudgedQueryGroup; score: RankingScore }[],
): GroupScore[] {
  const mean = (group: GroupScore['group'], list: typeof scored): GroupScore => ({
    group,
    queries: list.length,
    passRate: list.filter((s) => s.score.passed).length / Math.max(1, list.length),
    precisionAt3: list.reduce((n, s) => n + s.score.precisionAt3, 0) / Math.max(1, list.length),
    ndcgAt5: list.reduce((n, s) => n + s.score.ndcgAt5, 0) / Math.max(1, list.length),
  });
  return [
    ...judgedQueryGroups.map((g) =>
      mean(
        g,
        scored.filter((s) => s.group === g),
      ),
    ),
    mean('all', scored),
  ];
}
