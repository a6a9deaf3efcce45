import type { ActivitySearchProfile } from '../../../shared/contracts/search';
import { categories } from '../../../shared/directory-categories';
import { categoriesForNeeds } from '../../../shared/need-categories';
import type { CaseStatus } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { caseSubject, recordAudit } from '../audit';
import { type CaseRow, isClosed, refusedCase, requireCase } from '../cases';
import { type PersonPreferencesRow, selectPersonPreferences } from './search-person-queries';
import { typedWords } from './search-rules';

/** Enough of a person's interests to rank by; past it, words are more noise than signal. */
const maximumInterests = 8;

export type PersonPreferences = {
  caseRow: CaseRow;
  row: PersonPreferencesRow;
  needs: { high: string[]; some: string[] };
  /** Each interest word: normalised for the search, and as the person's record writes it. */
  interests: { word: string; asTyped: string }[];
};

/**
 * What a search for a case's person ranks by, read from the case: an action on the person's
 * record (it reads what matters to them), so it is authorized as the case is and audited.
 */
export async function readPersonPreferences(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<PersonPreferences> {
  return db.transaction(async (tx) => {
    const caseRow = await requireCase(tx, actor, caseId);
    const row = await selectPersonPreferences(tx, caseId);
    if (!row) throw notFound(refusedCase(caseId, caseRow.siteId));
    await recordAudit(tx, actor, { action: 'case.directory_searched', ...caseSubject(caseRow) });
    const seen = new Set<string>();
    const interests = typedWords(row.interests ?? '')
      .filter((typed) => typed.word.length >= 3 && !seen.has(typed.word) && seen.add(typed.word))
      .slice(0, maximumInterests);
    return { caseRow, row, needs: categoriesForNeeds(row.needs ?? {}), interests };
  });
}

/** The person's search as the directory screen pre-fills it: nothing beyond what ranks. */
export async function getActivitySearchProfile(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<ActivitySearchProfile> {
  const { caseRow, row, needs, interests } = await readPersonPreferences(db, actor, caseId);
  const keysOf = (keys: string[]): ActivitySearchProfile['needs']['high'] =>
    categories.filter((c) => keys.includes(c.key)).map((c) => c.key);
  return {
    caseId,
    caseReference: row.reference,
    personName: row.givenName,
    postalCode: row.postalCode,
    language: row.preferredLanguage,
    needs: { high: keysOf(needs.high), some: keysOf(needs.some) },
    interests: interests.map((interest) => interest.asTyped),
    hasEmail: Boolean(row.email),
    permissions: { connect: !isClosed(caseRow.status as CaseStatus) },
  };
}
