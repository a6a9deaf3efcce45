import type { CaseDetail, RecordContactBody } from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden } from '../../platform/errors';
import { recordAudit } from '../audit';
import { audited, loadCaseDetail } from './case-detail';
import { refusedCase, requireCase, requireOpenCase } from './case-access';
import { canWorkOnCases } from './cases-policy';
import { setFirstContactIfUnset } from './cases-queries';
import { insertContact } from './contacts-queries';

/** Tolerates a phone's clock a little ahead of the server's. */
const clockSkewMs = 5 * 60 * 1000;

export async function recordContact(
  db: Database,
  actor: Actor,
  caseId: string,
  input: RecordContactBody,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  const occurredAt = new Date(input.occurredAt);
  if (occurredAt.getTime() > Date.now() + clockSkewMs) {
    throw new AppError('date_in_future', { field: 'occurredAt' });
  }
  const saved = await db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    const contactId = await insertContact(tx, {
      caseId: row.id,
      channel: input.channel,
      outcome: input.outcome,
      occurredAt,
      durationMinutes: input.durationMinutes ?? null,
      notes: input.notes || null,
      recordedBy: actor.accountId,
    });
    if (input.outcome === 'reached') await setFirstContactIfUnset(tx, row.id, occurredAt);
    await recordAudit(
      tx,
      actor,
      audited(row, 'case.contact_recorded', {
        contactId,
        channel: input.channel,
        outcome: input.outcome,
      }),
    );
    const fresh = await requireCase(tx, actor, caseId);
    return fresh;
  });
  return loadCaseDetail(db, actor, saved);
}
