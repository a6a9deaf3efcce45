import type {
  Referral,
  ReferralList,
  ReferralListQuery,
} from '../../../shared/contracts/referrals';
import { coversReferrerUpdates } from '../../../shared/consent';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { recordAudit } from '../audit';
import { refusedCase } from '../cases';
import { canMakeReferrals } from './referrals-policy';
import { presentReferral, presentReferralListItem } from './referrals-presenter';
import {
  findCaseConsent,
  findReferral,
  selectReferralsOf,
  selectStatusHistory,
} from './referrals-queries';

export async function listMyReferrals(
  db: Database,
  actor: Actor,
  query: ReferralListQuery,
): Promise<ReferralList> {
  if (!canMakeReferrals(actor)) throw forbidden();
  const before = query.cursor ? decodeBefore(query.cursor) : undefined;
  const rows = await selectReferralsOf(db, actor.accountId, { before, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  await recordAudit(db, actor, {
    action: 'referral.list_viewed',
    subjectType: 'account',
    subjectId: actor.accountId,
  });
  return {
    items: page.map(presentReferralListItem),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.referredAt.toISOString(), last.id])
        : null,
  };
}

function decodeBefore(cursor: string): { referredAt: Date; id: string } {
  const [at = '', id = ''] = decodeCursor(cursor, 2);
  const referredAt = new Date(at);
  if (Number.isNaN(referredAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('bad_request', { field: 'cursor' });
  }
  return { referredAt, id };
}

/** A referrer's own referral; anyone else's is invisible to them. */
export async function getMyReferral(db: Database, actor: Actor, caseId: string): Promise<Referral> {
  if (!canMakeReferrals(actor)) throw forbidden(refusedCase(caseId));
  const row = await findReferral(db, caseId);
  if (!row || row.referrerAccountId !== actor.accountId)
    throw notFound(refusedCase(caseId, row?.siteId ?? null));
  await recordAudit(db, actor, {
    action: 'referral.viewed',
    subjectType: 'case',
    subjectId: caseId,
    siteId: row.siteId,
  });
  return loadReferralView(db, caseId);
}

async function loadReferralView(db: Database, caseId: string): Promise<Referral> {
  const [row, history, consent] = await readTogether(db, [
    () => findReferral(db, caseId),
    () => selectStatusHistory(db, caseId),
    () => findCaseConsent(db, caseId),
  ]);
  if (!row) throw notFound();
  return presentReferral(row, history, coversReferrerUpdates(consent));
}
