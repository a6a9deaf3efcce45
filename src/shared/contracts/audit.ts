import { z } from 'zod';
import { Cursor, Id, PageLimit } from './common';

export const auditOutcomes = ['success', 'failure', 'denied'] as const;

/**
 * Who acted, when no account did: the person or a partner through a form or an emailed link,
 * the person in their own space,
 * someone signing in with an address that has no account or not signed in at all, the
 * command line, or the app itself (its jobs, the demo data).
 */
export const auditActorKinds = [
  'account',
  'self_referral_form',
  'questionnaire_link',
  'partner_link',
  'person_session',
  'sign_in_attempt',
  'not_signed_in',
  'command_line',
  'system',
] as const;
export type AuditActorKind = (typeof auditActorKinds)[number];

export const AuditEvent = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  actorKind: z.enum(auditActorKinds),
  action: z.string(),
  outcome: z.enum(auditOutcomes),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  /** The subject in words: a case's reference, an account's or a site's name...; null when it has none. */
  subjectName: z.string().nullable(),
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
