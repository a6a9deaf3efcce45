import { and, eq, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { searchLexicon, searchVocabulary } from '../../db/schema';
import { textArray } from './search-queries';

export type LexiconMatch = {
  input: string;
  known: boolean;
  nearest: string | null;
  similarity: number;
};

/** The word with two neighbouring letters swapped, each way: "greif" gives "rgeif", "gerif", "grief"... */
function transpositions(word: string): string[] {
  const swaps: string[] = [];
  for (let i = 0; i + 1 < word.length; i += 1) {
    if (word[i] === word[i + 1]) continue;
    swaps.push(word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2));
  }
  return swaps;
}

/**
 * For each word: whether the lexicon holds it (or its singular or plural), else its nearest
 * lexicon word: one with two letters swapped (which trigrams rate far: "greif" and "grief"
 * share two of theirs), else the nearest by trigrams.
 */
export async function selectLexiconMatches(db: Database, words: string[]): Promise<LexiconMatch[]> {
  if (words.length === 0) return [];
  const inputs = sql.join(
    words.map((w) => sql`(${w}::text, ${textArray(transpositions(w))})`),
    sql`, `,
  );
  return selectRows<LexiconMatch>(
    db,
    sql`select i.input,
      exists (select 1 from search_lexicon x where x.word in (i.input, i.input || 's',
        regexp_replace(i.input, '[sx]$', ''))) as known,
      coalesce(swap.word, near.word) as nearest,
      coalesce(swap.score, near.score, 0)::float8 as similarity
    from (values ${inputs}) as i(input, swaps)
    left join lateral (
      select x.word, 1::float8 as score from search_lexicon x
      where x.word = any(i.swaps) order by x.word limit 1
    ) swap on true
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
