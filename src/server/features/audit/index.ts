export { auditRoutes } from './audit-routes';
export { canReadAudit } from './audit-policy';
export { auditRefusals } from './refusal-audit';
export { caseSubject, recordAudit, type AuditEntry } from './audit-service';
