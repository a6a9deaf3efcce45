export { auditRoutes } from './audit-routes';
export { canReadAudit } from './audit-policy';
export { recordAudit, type AuditEntry } from './audit-service';
