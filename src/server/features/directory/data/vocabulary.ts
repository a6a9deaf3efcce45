import fs from 'node:fs';
import { z } from 'zod';
import { categoryKeys } from '../../../../shared/directory-categories';

const Term = z
  .string()
  .min(1)
  .refine((term) => term === term.trim() && term === term.toLowerCase(), {
    message: 'terms are trimmed and lower case',
  });

/** Terms that mean the same thing in English and in French, used to expand a query. */
export const VocabularyEntry = z.object({
  category: z.enum(categoryKeys).optional(),
  en: z.array(Term).min(1),
  fr: z.array(Term).min(1),
});
export type VocabularyEntry = z.infer<typeof VocabularyEntry>;

export const Vocabulary = z.array(VocabularyEntry).min(1);
export type Vocabulary = z.infer<typeof Vocabulary>;

export const vocabularyFile = new URL('./vocabulary.json', import.meta.url);

let cached: Vocabulary | undefined;

/** The shipped starting vocabulary; administrators edit their own copy in the database. */
export function loadVocabulary(): Vocabulary {
  cached ??= Vocabulary.parse(JSON.parse(fs.readFileSync(vocabularyFile, 'utf8')));
  return cached;
}
