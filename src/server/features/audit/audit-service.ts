import type { AuditAction, AuditSubjectType } from '../../../shared/audit-actions';
import type { AuditEventList, AuditEventQuery } from '../../../shared/contracts/audit';
import type { Database } from '../../db/client';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { AppError, forbidden } from '../../platform/errors';
import { canReadAudit } from './audit-policy';
import { presentAuditEvent } from './audit-presenter';
import {
  type NewAuditEvent,
  insertAuditEvent,
  insertAuditEvents,
  selectAuditEvents,
} from './audit-queries';

export type AuditEntry = {
  action: AuditAction;
  outcome?: 'success' | 'failure' | 'denied';
  subjectType?: AuditSubjectType;
  subjectId?: string;
  siteId?: string | null;
  /** Identifiers and field names only: never passwords, tokens or personal details. */
  details?: Record<string, unknown>;
};

/** The subject fields of an event about a case: the case and its site. */
export function caseSubject(row: { id: string; siteId: string }): {
  subjectType: 'case';
  subjectId: string;
  siteId: string;
} {
  return { subjectType: 'case', subjectId: row.id, siteId: row.siteId };
}

/** Writes one audit event; call it inside the transaction of the change it records. */
export async function recordAudit(db: Database, who: AuditActor, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(db, auditEvent(who, entry));
}

/** Several events by one actor in one statement; inside the transaction of what they record. */
export async function recordAudits(
  db: Database,
  who: AuditActor,
  entries: readonly AuditEntry[],
): Promise<void> {
  await insertAuditEvents(
    db,
    entries.map((entry) => auditEvent(who, entry)),
  );
}

type AuditActor = Actor | { accountId: string | null; origin: RequestOrigin };

/** The row an entry writes, for a statement that writes its change's audit event itself. */
export function auditEvent(who: AuditActor, entry: AuditEntry): NewAuditEvent {
  return {
    actorId: who.accountId,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    siteId: entry.siteId ?? null,
    ip: who.origin.ip,
    userAgent: who.origin.userAgent,
    details: entry.details ?? {},
  };
}

export async function listAuditEvents(
  db: Database,
  actor: Actor,
  query: AuditEventQuery,
): Promise<AuditEventList> {
  if (!canReadAudit(actor)) throw forbidden();
  const rows = await selectAuditEvents(db, {
    ...query,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    beforeId: query.cursor ? idBefore(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentAuditEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id.toString()]) : null,
  };
}

const largestId = 2n ** 63n - 1n; // a bigint column: anything larger fails in the database

function idBefore(cursor: string): bigint {
  const [id = ''] = decodeCursor(cursor, 1);
  if (!/^\d{1,19}$/.test(id) || BigInt(id) > largestId) {
    throw new AppError('bad_request', { field: 'cursor' });
  }
  return BigInt(id);
}
