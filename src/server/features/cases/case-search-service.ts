import type { CaseSearchBody, CaseSearchResult } from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden } from '../../platform/errors';
import { recordAudit } from '../audit';
import { parseCaseSearch } from './case-search';
import { canWorkOnCases, caseSiteIds } from './cases-policy';
import { presentCaseSearchItem } from './cases-presenter';
import { selectCaseSearch } from './caseload-queries';

/** At most this many cases answer a search: more means the caller should type more. */
const searchLimit = 20;

/**
 * People and their cases at the sites where the actor works on cases, by name, reference,
 * date of birth or phone. Audited as a search, with how many cases it found and what kind
 * of terms it read, never the terms themselves.
 */
export async function searchCases(
  db: Database,
  actor: Actor,
  input: CaseSearchBody,
): Promise<CaseSearchResult> {
  if (!canWorkOnCases(actor)) throw forbidden({ subjectType: 'case' });
  const terms = parseCaseSearch(input.query);
  const rows = await selectCaseSearch(db, caseSiteIds(actor), terms, searchLimit + 1);
  const items = rows.slice(0, searchLimit).map(presentCaseSearchItem);
  await recordAudit(db, actor, {
    action: 'case.searched',
    subjectType: 'case',
    details: {
      by: terms.reference
        ? 'reference'
        : terms.dateOfBirth
          ? 'date_of_birth'
          : terms.phoneDigits
            ? 'phone'
            : 'name',
      count: items.length,
    },
  });
  return { items, more: rows.length > searchLimit };
}
