import type { CaseStatus } from '../../../shared/pathway';
import type { CasePermissions } from '../../../shared/contracts/plans';
import { isClosed } from '../cases';

/**
 * Whoever may see a case's plan (requireCase decided that) may change it while the case is
 * open: the site's link workers and its manager. A closed case is read-only.
 */
export function planPermissions(status: CaseStatus): CasePermissions {
  return { canEdit: !isClosed(status) };
}
