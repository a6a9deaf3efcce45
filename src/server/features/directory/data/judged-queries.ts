import fs from 'node:fs';
import { z } from 'zod';
import { categoryKeys } from '../../../../shared/directory-categories';
import { ListingLanguage } from './hsds-service';

export const JudgedQueryKind = z.enum([
  'same-language',
  'typo',
  'accent',
  'cross-language',
  'plural',
]);
export type JudgedQueryKind = z.infer<typeof JudgedQueryKind>;

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

/** A query with the demo services of which at least one must rank in the top 3. */
export const JudgedQuery = z.object({
  id: z.string().min(1),
  query: z.string().min(1),
  language: ListingLanguage,
  kind: JudgedQueryKind,
  filters: JudgedQueryFilters.optional(),
  expectedTop3: z.array(z.uuid()).min(1),
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
