import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  driverValues,
  insertColumns,
  preparedStatement,
  sqlLiterals,
  typedPlaceholders,
} from '../../db/prepared';
import { auditEvents, cases, contacts } from '../../db/schema';
import { type ContactOutcome, closedCaseStatuses } from '../../../shared/pathway';
import {
  type NewAuditEvent,
  auditColumns,
  auditPlaceholdersWithDetails,
  auditValues,
} from '../audit';

export type ContactInsert = typeof contacts.$inferInsert;

export type ContactView = typeof contacts.$inferSelect & { recordedByName: string | null };

export async function selectContactOutcomes(
  db: Database,
  caseId: string,
): Promise<ContactOutcome[]> {
  const rows = await db
    .select({ outcome: contacts.outcome })
    .from(contacts)
    .where(eq(contacts.caseId, caseId))
    .orderBy(asc(contacts.occurredAt), asc(contacts.createdAt));
  return rows.map((r) => r.outcome);
}

const contactFields = [
  'caseId',
  'channel',
  'outcome',
  'occurredAt',
  'durationMinutes',
  'notes',
  'recordedBy',
] as const;

export type ContactValues = Pick<Required<ContactInsert>, (typeof contactFields)[number]>;

/** What recording a contact wrote: its id, and the case's first contact time if it set it. */
export type WrittenContact = { contactId: string; firstContactAt: Date | null };

/**
 * A contact, the case's first contact time when it is the first time the person was reached,
 * and its audit event (with the contact's id), in one statement and only while the case is
 * open: undefined when it closed in the meantime, and then nothing is written.
 */
export async function insertContactRecording(
  db: Database,
  values: ContactValues,
  audit: NewAuditEvent,
): Promise<WrittenContact | undefined> {
  const [row] = await recordContactStatement(db, {
    ...driverValues(contacts, values),
    ...auditValues(audit),
  });
  if (!row) return undefined;
  return {
    contactId: row.id,
    firstContactAt: row.first_contact_at === null ? null : new Date(row.first_contact_at),
  };
}

const closedStatusList = sqlLiterals(closedCaseStatuses);

const recordContactStatement = preparedStatement<{ id: string; first_contact_at: string | null }>(
  'record_contact',
  () => sql`with open_case as (
      select id from ${cases}
      where id = ${sql.placeholder('caseId')} and status not in (${closedStatusList})
    ), contact as (
      insert into ${contacts} (${insertColumns(contacts, contactFields)})
      select ${typedPlaceholders(contacts, contactFields)} from open_case
      returning id, case_id, outcome, occurred_at
    ), first_contact as (
      update ${cases} set first_contact_at = contact.occurred_at from contact
      where ${cases.id} = contact.case_id and contact.outcome = 'reached'
        and ${cases.firstContactAt} is null
      returning ${cases.firstContactAt}
    ), audit as (
      insert into ${auditEvents} (${auditColumns})
      select ${auditPlaceholdersWithDetails(sql`jsonb_build_object('contactId', contact.id)`)}
      from contact
    )
    select contact.id, (select first_contact_at::text from first_contact) as first_contact_at
    from contact`,
);
