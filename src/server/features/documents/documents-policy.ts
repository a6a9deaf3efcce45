import type { CaseDocumentList } from '../../../shared/contracts/documents';
import type { CaseStatus } from '../../../shared/pathway';
import { isClosed } from '../cases';

/**
 * Whoever may work on the case (requireCase decided that: its site's link workers and
 * manager) may read its documents, and attach or remove them while the case is open. A
 * closed case keeps its documents as they were.
 */
export function documentPermissions(status: CaseStatus): CaseDocumentList['permissions'] {
  const open = !isClosed(status);
  return { canAttach: open, canRemove: open };
}
