import type { CaseDetail, RecordContactBody } from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden } from '../../platform/errors';
import { auditEvent } from '../audit';
import { audited, loadCaseDetail } from './case-detail';
import { refusedCase, requireOpenCase } from './case-access';
import { canWorkOnCases } from './cases-policy';
import type { CaseRow } from './cases-queries';
import { type WrittenContact, insertContactRecording } from './contacts-queries';

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
  const row = await requireOpenCase(db, actor, caseId);
  // One statement: no transaction needed around it.
  const written = await writeContact(db, actor, row, {
    channel: input.channel,
    outcome: input.outcome,
    occurredAt,
    durationMinutes: input.durationMinutes ?? null,
    notes: input.notes || null,
  });
  const saved = written.firstContactAt ? { ...row, firstContactAt: written.firstContactAt } : row;
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
 * Records a contact on an open case the caller already holds (in the caller's transaction,
 * if any): the case's first contact and the audit event come with it, whoever records it
 * (the contacts form, an appointment marked held). A case closed since it was read takes
 * none of it.
 */
export async function writeContact(
  db: Database,
  actor: Actor,
  row: CaseRow,
  contact: ContactFacts,
): Promise<WrittenContact> {
  const written = await insertContactRecording(
    db,
    { caseId: row.id, ...contact, recordedBy: actor.accountId },
    auditEvent(
      actor,
      audited(row, 'case.contact_recorded', { channel: contact.channel, outcome: contact.outcome }),
    ),
  );
  if (!written) throw new AppError('case_closed');
  return written;
}
