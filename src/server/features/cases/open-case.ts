import type { Database } from '../../db/client';
import { newCaseReference } from './case-reference';
import { type CaseInsert, type CaseRow, insertCaseWithFirstEvent } from './cases-queries';

export type OpenCaseInput = Omit<CaseInsert, 'id' | 'reference' | 'status' | 'version'>;

/**
 * Opens a case (one episode of support) for a referral, in the caller's transaction, and
 * writes the first line of its status history. The caller has authorized and audits.
 */
export async function openCase(
  tx: Database,
  input: OpenCaseInput,
  actorId: string | null,
  options: { note?: string } = {},
): Promise<CaseRow> {
  return insertCaseWithFirstEvent(
    tx,
    { ...input, reference: newCaseReference(), status: 'new' },
    { actorId, note: options.note ?? null },
  );
}
