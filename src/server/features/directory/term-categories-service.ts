import type {
  DecideTermCategoryBody,
  TermCategory,
  TermCategoryList,
} from '../../../shared/contracts/directory';
import { isCategoryKey } from '../../../shared/directory-categories';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import { categoryPhrases, refreshSearchDocuments, tokenise } from '../search';
import { canManageDirectory } from './directory-policy';
import { suggestCategory } from './term-categories-rules';
import {
  type TermCategoryListRow,
  findTermCategory,
  insertTermCategories,
  selectServiceIdsOfTerm,
  selectTermCategoryList,
  selectUnmappedTerms,
  updateTermCategoryAtVersion,
} from './term-categories-queries';

/**
 * Suggests a category for each feed term met for the first time, from the search vocabulary,
 * inside the import's transaction and before its search documents are built.
 */
export async function suggestTermCategories(
  db: Database,
): Promise<{ suggested: number; undecided: number }> {
  const terms = await selectUnmappedTerms(db);
  if (terms.length === 0) return { suggested: 0, undecided: 0 };
  const vocabulary = await categoryPhrases(db);
  const rows = terms.map((term) => ({
    termId: term.id,
    ...bestSuggestion(term.names, vocabulary),
  }));
  await insertTermCategories(db, rows);
  const suggested = rows.filter((r) => r.state === 'suggested').length;
  return { suggested, undecided: rows.length - suggested };
}

/** The term's names in each language are read one by one: the first clear match wins. */
function bestSuggestion(
  names: string[],
  vocabulary: Awaited<ReturnType<typeof categoryPhrases>>,
): ReturnType<typeof suggestCategory> {
  const suggestions = names.map((name) => suggestCategory(tokenise(name), vocabulary));
  return (
    suggestions.find((s) => s.state === 'suggested') ??
    suggestions[0] ?? { state: 'undecided', category: null, matchedWords: [] }
  );
}

function authorize(actor: Actor): void {
  if (!canManageDirectory(actor)) throw forbidden();
}

function present(row: TermCategoryListRow): TermCategory {
  return {
    termId: row.term_id,
    name: row.name,
    code: row.code,
    taxonomy: row.taxonomy,
    services: row.services,
    category: isCategoryKey(row.category) ? row.category : null,
    state: row.state,
    matchedWords: row.matched_words,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    version: row.version,
  };
}

export async function listTermCategories(db: Database, actor: Actor): Promise<TermCategoryList> {
  authorize(actor);
  return { items: (await selectTermCategoryList(db)).map(present) };
}

/** An administrator confirms or changes a term's category; its services' documents follow. */
export async function decideTermCategory(
  db: Database,
  actor: Actor,
  termId: string,
  input: DecideTermCategoryBody,
): Promise<TermCategory> {
  authorize(actor);
  return db.transaction(async (tx) => {
    const before = await findTermCategory(tx, termId);
    if (!before) throw notFound();
    const row = await updateTermCategoryAtVersion(tx, termId, input.version, {
      category: input.category,
      decidedBy: actor.accountId,
    });
    if (!row) throw staleVersion();
    await refreshSearchDocuments(tx, await selectServiceIdsOfTerm(tx, termId));
    await recordAudit(tx, actor, {
      action: 'directory.term_category_decided',
      subjectType: 'directory_term',
      subjectId: termId,
      details: { from: before.category, to: input.category, suggested: before.state },
    });
    const [listed] = await selectTermCategoryList(tx, termId);
    if (!listed) throw notFound();
    return present(listed);
  });
}
