import type { CaseDetail, RaiseSafeguardingBody } from '../../../shared/contracts/cases';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden, notFound } from '../../platform/errors';
import { recordAudit } from '../audit';
import { type Links, audited, loadCaseDetail } from './case-detail';
import { refusedCase, requireCase } from './case-access';
import { canAssignCases, canWorkOnCases } from './cases-policy';
import { acknowledgeConcern as acknowledgeConcernRow } from './safeguarding-queries';
import { raiseSafeguardingConcern } from './safeguarding';

export async function raiseConcern(
  db: Database,
  actor: Actor,
  caseId: string,
  input: RaiseSafeguardingBody,
  links: Links,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  const saved = await db.transaction(async (tx) => {
    // Even a closed case: a worry about someone's safety does not wait for a new referral.
    const row = await requireCase(tx, actor, caseId);
    const concern = await raiseSafeguardingConcern(tx, {
      caseId: row.id,
      level: input.level,
      description: input.description,
      origin: 'manual',
      raisedBy: actor.accountId,
      publicUrl: links.publicUrl,
    });
    await recordAudit(
      tx,
      actor,
      audited(row, 'case.safeguarding_raised', { concernId: concern.id, level: input.level }),
    );
    return row;
  });
  return loadCaseDetail(db, actor, saved);
}

export async function acknowledgeConcern(
  db: Database,
  actor: Actor,
  caseId: string,
  concernId: string,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden(refusedCase(caseId));
  const saved = await db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    if (!canAssignCases(actor, row.siteId)) throw forbidden(refusedCase(row.id, row.siteId));
    const result = await acknowledgeConcernRow(tx, row.id, concernId, actor.accountId);
    if (result === 'missing') throw notFound();
    if (result === 'acknowledged') {
      await recordAudit(tx, actor, audited(row, 'case.safeguarding_acknowledged', { concernId }));
    }
    return row;
  });
  return loadCaseDetail(db, actor, saved);
}
