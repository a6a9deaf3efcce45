export { auditRoutes } from './audit-routes';
export { canReadAudit } from './audit-policy';
export { auditRefusals } from './refusal-audit';
export {
  auditEvent,
  caseSubject,
  recordAudit,
  recordAudits,
  type AuditEntry,
} from './audit-service';
export {
  auditColumns,
  auditPlaceholders,
  auditPlaceholdersWithDetails,
  auditValues,
  type NewAuditEvent,
} from './audit-queries';
export { actorKindOf } from './audit-rules';
