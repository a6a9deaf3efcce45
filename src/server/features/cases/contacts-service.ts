import type { CaseDetail, RecordContactBody } from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden } from '../../platform/errors';
import { recordAudit } from '../audit';
import { audited, loadCaseDetail } from './case-detail';
import { refusedCase, requireCase, requireOpenCase } from './case-access';
import { canWorkOnCases } from './cases-policy';
import { type CaseRow, setFirstContactIfUnset } from './cases-queries';
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
    await writeContact(tx, actor, row, {
      channel: input.channel,
      outcome: input.outcome,
      occurredAt,
      durationMinutes: input.durationMinutes ?? null,
      notes: input.notes || null,
    });
    const fresh = await requireCase(tx, actor, caseId);
    return fresh;
  });
  return loadCaseDetail(db, actor, saved);
}

export type ContactFacts = {
  channel: RecordContactBody['channel'];
  outcome: RecordContactBody['outcome'];
  occurredAt: Date;
  durationMinutes: number | null;
  notes: string | null;
};

/**
 * Records a contact on an open case the caller already holds, inside the caller's
 * transaction: the case's first contact and the audit event come with it, whoever records
 * it (the contacts form, an appointment marked held).
 */
export async function writeContact(
  tx: Database,
  actor: Actor,
  row: CaseRow,
  contact: ContactFacts,
): Promise<string> {
  const contactId = await insertContact(tx, {
    caseId: row.id,
    ...contact,
    recordedBy: actor.accountId,
  });
  if (contact.outcome === 'reached') await setFirstContactIfUnset(tx, row.id, contact.occurredAt);
  await recordAudit(
    tx,
    actor,
    audited(row, 'case.contact_recorded', {
      contactId,
      channel: contact.channel,
      outcome: contact.outcome,
    }),
  );
  return contactId;
}
