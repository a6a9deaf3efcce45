import { and, eq, sql } from 'drizzle-orm';
import { categories, categoryTaxonomy } from '../../../shared/directory-categories';
import { type Database, selectRows } from '../../db/client';
import { directoryTermCategories } from '../../db/schema';

export type TermCategoryRow = typeof directoryTermCategories.$inferSelect;

const ourTermIds = categories.map((c) => c.id);

/** Terms of taxonomies other than ours: the ones a feed brings. */
const isForeignTerm = sql`t.taxonomy_id is distinct from ${categoryTaxonomy.id}
  and t.id not in (${sql.join(
    ourTermIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;

export type UnmappedTerm = { id: string; names: string[] };

/** Feed terms no suggestion or decision was ever made for, with their names in each language. */
export function selectUnmappedTerms(db: Database): Promise<UnmappedTerm[]> {
  return selectRows<UnmappedTerm>(
    db,
    sql`select t.id, array_remove(array[t.name, t.translations->'fr'->>'name',
        t.translations->'en'->>'name'], null) as names
      from directory_taxonomy_terms t
      where ${isForeignTerm}
        and not exists (select 1 from directory_term_categories m where m.term_id = t.id)`,
  );
}

export async function insertTermCategories(
  db: Database,
  rows: Pick<TermCategoryRow, 'termId' | 'category' | 'state' | 'matchedWords'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(directoryTermCategories).values(rows).onConflictDoNothing();
}

export type TermCategoryListRow = {
  term_id: string;
  name: string;
  code: string | null;
  taxonomy: string | null;
  services: number;
  category: string | null;
  state: TermCategoryRow['state'];
  matched_words: string[];
  decided_at: Date | null;
  version: number;
};

/** Feed terms with their mapping (one, or all), those waiting for a decision first. */
export function selectTermCategoryList(
  db: Database,
  termId?: string,
): Promise<TermCategoryListRow[]> {
  return selectRows<TermCategoryListRow>(
    db,
    sql`select t.id as term_id, t.name, t.code, coalesce(tx.name, t.record->>'taxonomy') as taxonomy,
        (select count(distinct a.link_id)::int from directory_attributes a
          join directory_services s on s.id = a.link_id
          where a.taxonomy_term_id = t.id) as services,
        m.category, m.state, m.matched_words, m.decided_at, m.version
      from directory_term_categories m
      join directory_taxonomy_terms t on t.id = m.term_id
      left join directory_taxonomies tx on tx.id = t.taxonomy_id
      where ${termId === undefined ? sql`true` : sql`m.term_id = ${termId}`}
      order by case m.state when 'undecided' then 0 when 'suggested' then 1 else 2 end,
        lower(t.name), t.id`,
  );
}

export async function updateTermCategoryAtVersion(
  db: Database,
  termId: string,
  version: number,
  decision: { category: string | null; decidedBy: string },
): Promise<TermCategoryRow | undefined> {
  const [row] = await db
    .update(directoryTermCategories)
    .set({
      category: decision.category,
      state: 'confirmed',
      decidedBy: decision.decidedBy,
      decidedAt: sql`now()`,
      version: sql`${directoryTermCategories.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(eq(directoryTermCategories.termId, termId), eq(directoryTermCategories.version, version)),
    )
    .returning();
  return row;
}

export async function findTermCategory(
  db: Database,
  termId: string,
): Promise<TermCategoryRow | undefined> {
  const [row] = await db
    .select()
    .from(directoryTermCategories)
    .where(eq(directoryTermCategories.termId, termId));
  return row;
}

/** The services a term is attached to: their search documents follow its mapping. */
export async function selectServiceIdsOfTerm(db: Database, termId: string): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select distinct a.link_id as id from directory_attributes a
      join directory_services s on s.id = a.link_id
      where a.taxonomy_term_id = ${termId}`,
  );
  return rows.map((r) => r.id);
}
