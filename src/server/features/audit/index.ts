export { auditRoutes } from './audit-routes';
export { canReadAudit } from './audit-policy';
export { caseSubject, recordAudit, type AuditEntry } from './audit-service';
