import type { CasePermissions } from '../../../shared/contracts/plans';
import type { CaseStatus } from '../../../shared/pathway';
import { type CaseRow, isAccepted, isClosed } from '../cases';

/**
 * Whoever may see a case's assessment (requireCase decided that) may change it while the
 * case is open: "what matters" may be heard in the first conversation, before the person's
 * answer. A closed case is read-only.
 */
export function assessmentPermissions(status: CaseStatus): CasePermissions {
  return { canEdit: !isClosed(status) };
}

/**
 * The action plan, its reviews and follow-ups start once the person said yes to support,
 * and stop when the case closes (requireAcceptedCase refuses the writes outside that).
 */
export function planPermissions(row: Pick<CaseRow, 'status' | 'acceptedAt'>): CasePermissions {
  return { canEdit: !isClosed(row.status as CaseStatus) && isAccepted(row) };
}
