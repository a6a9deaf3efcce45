import { z } from 'zod';
import { Cursor, Id, PageLimit } from './common';

export const auditOutcomes = ['success', 'failure', 'denied'] as const;

export const AuditEvent = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(auditOutcomes),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  siteId: Id.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditEventList = z.object({
  items: z.array(AuditEvent),
  nextCursor: z.string().nullable(),
});
export type AuditEventList = z.infer<typeof AuditEventList>;

export const AuditEventQuery = z.object({
  action: z.string().trim().max(100).optional(),
  actorId: Id.optional(),
  subjectType: z.string().trim().max(50).optional(),
  subjectId: z.string().trim().max(100).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: Cursor.optional(),
  limit: PageLimit,
});
export type AuditEventQuery = z.infer<typeof AuditEventQuery>;
