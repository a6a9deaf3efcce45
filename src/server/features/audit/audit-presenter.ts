import type { AuditEvent } from '../../../shared/contracts/audit';
import type { AuditEventRow } from './audit-queries';
import { actorKindOf } from './audit-rules';

export function presentAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    actorKind: actorKindOf(row),
    action: row.action,
    outcome: row.outcome,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectName: row.subjectName,
    siteId: row.siteId,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details,
  };
}
