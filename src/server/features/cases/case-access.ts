import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, type RefusedRecord, forbidden, notFound } from '../../platform/errors';
import type { CaseStatus } from '../../../shared/pathway';
import { acceptanceOf, isClosed } from './case-rules';
import { canWorkOnCaseAt, canWorkOnCases } from './cases-policy';
import { type CaseRow, findCase } from './cases-queries';

/**
 * The case an actor works on, for any feature that reads or writes a person's record
 * through a case (plans, connections, outcomes). Roles that never work on cases are refused
 * (403) before anything is read; a case of another site is invisible (404), except to the
 * clinician who referred it, who knows it exists but may not work on it (403).
 */
export async function requireCase(db: Database, actor: Actor, caseId: string): Promise<CaseRow> {
  // Every refusal names the case, so it is audited (features/audit, refusal-audit.ts).
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  const row = await findCase(db, caseId);
  if (!row) throw notFound(refusedCase(caseId));
  if (canWorkOnCaseAt(actor, row.siteId)) return row;
  if (row.referrerAccountId === actor.accountId) throw forbidden(refusedCase(caseId, row.siteId));
  throw notFound(refusedCase(caseId, row.siteId));
}

/** The case a refusal keeps an actor from, for its denied audit event. */
export function refusedCase(caseId: string, siteId: string | null = null): RefusedRecord {
  return { subjectType: 'case', subjectId: caseId, siteId };
}

/** As requireCase, for a change: a closed case takes no more changes. */
export async function requireOpenCase(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<CaseRow> {
  const row = await requireCase(db, actor, caseId);
  if (isClosed(row.status as CaseStatus)) throw new AppError('case_closed');
  return row;
}

/**
 * As requireOpenCase, for what starts once the person said yes to support (the action plan
 * and its follow-ups, connections, outcome measurements): until their answer is recorded,
 * the case takes none of it, as the case screen shows none of it.
 */
export async function requireAcceptedCase(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<CaseRow> {
  const row = await requireOpenCase(db, actor, caseId);
  if (!isAccepted(row)) throw new AppError('case_not_accepted');
  return row;
}

/** Whether the person said yes to support on this case: what requireAcceptedCase asks. */
export function isAccepted(row: Pick<CaseRow, 'status' | 'acceptedAt'>): boolean {
  return acceptanceOf(row.status as CaseStatus, row.acceptedAt) === 'accepted';
}
