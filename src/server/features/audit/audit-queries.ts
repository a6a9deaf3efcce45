import { and, desc, eq, getTableColumns, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  type StatementValues,
  driverValues,
  insertColumns,
  preparedStatement,
  typedPlaceholders,
} from '../../db/prepared';
import {
  accounts,
  appointments,
  auditEvents,
  caseNotes,
  cases,
  connections,
  directoryServices,
  directoryTaxonomyTerms,
  followUps,
  organisations,
  outboundEmails,
  reportGroupings,
  searchVocabulary,
  sites,
} from '../../db/schema';

export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AuditEventRow = typeof auditEvents.$inferSelect & {
  actorName: string | null;
  subjectName: string | null;
};

const auditFields = [
  'actorId',
  'action',
  'outcome',
  'subjectType',
  'subjectId',
  'siteId',
  'ip',
  'userAgent',
  'details',
] as const;

/** The audit table's columns, for a statement that writes its change's audit event itself. */
export const auditColumns: SQL = insertColumns(auditEvents, auditFields);

/** The event's values as placeholders (`audit_<field>`), in auditColumns' order. */
export const auditPlaceholders: SQL = typedPlaceholders(auditEvents, auditFields, 'audit_');

/**
 * As auditPlaceholders, with `moreDetails` (a jsonb expression the statement computes, such as
 * whether it found a duplicate) merged into the event's details.
 */
export function auditPlaceholdersWithDetails(moreDetails: SQL): SQL {
  return sql.join(
    auditFields.map((field) =>
      field === 'details'
        ? sql`${sql.placeholder('audit_details')}::jsonb || ${moreDetails}`
        : typedPlaceholders(auditEvents, [field], 'audit_'),
    ),
    sql`, `,
  );
}

/** An event's values for auditPlaceholders. */
export function auditValues(event: NewAuditEvent): StatementValues {
  const values = driverValues(auditEvents, { ...event, details: event.details ?? {} });
  return Object.fromEntries(auditFields.map((field) => [`audit_${field}`, values[field] ?? null]));
}

/** Every action writes one: built once (see db/prepared.ts). */
const insertAuditEventStatement = preparedStatement(
  'insert_audit_event',
  () => sql`insert into ${auditEvents} (${auditColumns}) values (${auditPlaceholders})`,
);

export async function insertAuditEvent(db: Database, event: NewAuditEvent): Promise<void> {
  await insertAuditEventStatement(db, auditValues(event));
}

/** Several events in one statement (a search that shows several records), in their order. */
export async function insertAuditEvents(
  db: Database,
  events: readonly NewAuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // Every field is text, a uuid or the details' JSON: the event as it is, absent ones null.
  const rows = events.map((event) =>
    Object.fromEntries(
      auditFields.map((field) => [
        field,
        field === 'details' ? (event.details ?? {}) : (event[field] ?? null),
      ]),
    ),
  );
  await insertAuditEventsStatement(db, { events: JSON.stringify(rows) });
}

/*
 * A search audits each record it shows: built once, the events as one JSON array (drizzle
 * building a 50-row insert took more CPU than the search itself).
 */
const insertAuditEventsStatement = preparedStatement('insert_audit_events', () => {
  const columns = getTableColumns(auditEvents);
  const record = sql.join(
    auditFields.map(
      (field) => sql`${sql.identifier(field)} ${sql.raw(columns[field].getSQLType())}`,
    ),
    sql`, `,
  );
  const values = sql.join(
    auditFields.map((field) => sql`e.${sql.identifier(field)}`),
    sql`, `,
  );
  return sql`insert into ${auditEvents} (${auditColumns})
    select ${values}
    from jsonb_to_recordset(${sql.placeholder('events')}::jsonb) as e(${record})`;
});

export type AuditFilter = {
  action?: string | undefined;
  actorId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  outcome?: 'success' | 'failure' | 'denied' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeId?: bigint | undefined;
  limit: number;
};

/**
 * The subject of an event in words, read when the page is: a case's reference (of the case
 * itself, or of the connection, follow-up, note or appointment), an account's, organisation's, site's,
 * listing's or grouping's name, a vocabulary entry's terms, an email's recipient. Null for
 * subjects without a name (the directory, a report, an emailed link) and for records gone
 * or never found (a refused read of an id that does not exist).
 */
const subjectName = (() => {
  const id = auditEvents.subjectId;
  // Ids of uuid tables are compared as uuids, so each lookup is one primary-key probe; an id
  // that is not one (a refused address) names nothing.
  const uuidOf = sql`case when ${id} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then ${id}::uuid end`;
  const referenceOfCase = (caseId: SQL): SQL =>
    sql`(select ${cases.reference} from ${cases} where ${cases.id} = ${caseId})`;
  return sql<string | null>`case ${auditEvents.subjectType}
    when 'case' then ${referenceOfCase(uuidOf)}
    when 'connection' then ${referenceOfCase(
      sql`(select ${connections.caseId} from ${connections} where ${connections.id} = ${uuidOf})`,
    )}
    when 'follow_up' then ${referenceOfCase(
      sql`(select ${followUps.caseId} from ${followUps} where ${followUps.id} = ${uuidOf})`,
    )}
    when 'case_note' then ${referenceOfCase(
      sql`(select ${caseNotes.caseId} from ${caseNotes} where ${caseNotes.id} = ${uuidOf})`,
    )}
    when 'appointment' then ${referenceOfCase(
      sql`(select ${appointments.caseId} from ${appointments} where ${appointments.id} = ${uuidOf})`,
    )}
    when 'account' then (select ${accounts.displayName} from ${accounts} where ${accounts.id} = ${uuidOf})
    when 'organisation' then (select ${organisations.name} from ${organisations}
      where ${organisations.id} = ${uuidOf})
    when 'site' then (select ${sites.name} from ${sites} where ${sites.id} = ${uuidOf})
    when 'directory_service' then (select ${directoryServices.name} from ${directoryServices}
      where ${directoryServices.id} = ${id})
    when 'directory_term' then (select ${directoryTaxonomyTerms.name} from ${directoryTaxonomyTerms}
      where ${directoryTaxonomyTerms.id} = ${id})
    when 'report_grouping' then (select ${reportGroupings.name} from ${reportGroupings}
      where ${reportGroupings.id} = ${uuidOf})
    when 'search_vocabulary' then (select array_to_string(${searchVocabulary.en} || ${searchVocabulary.fr}, ', ')
      from ${searchVocabulary} where ${searchVocabulary.id} = ${uuidOf})
    when 'email' then (select ${outboundEmails.recipient} from ${outboundEmails}
      where ${outboundEmails.id} = ${uuidOf})
    end`;
})();

/** Newest first, keyset-paged on the id (the order events were written) so deep pages stay fast. */
export async function selectAuditEvents(
  db: Database,
  filter: AuditFilter,
): Promise<AuditEventRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
    filter.subjectType ? eq(auditEvents.subjectType, filter.subjectType) : undefined,
    filter.subjectId ? eq(auditEvents.subjectId, filter.subjectId) : undefined,
    filter.outcome ? eq(auditEvents.outcome, filter.outcome) : undefined,
    filter.from ? gte(auditEvents.at, filter.from) : undefined,
    filter.to ? lte(auditEvents.at, filter.to) : undefined,
    filter.beforeId !== undefined ? lt(auditEvents.id, filter.beforeId) : undefined,
  ];
  const rows = await db
    .select({ event: auditEvents, actorName: accounts.displayName, subjectName })
    .from(auditEvents)
    .leftJoin(accounts, eq(accounts.id, auditEvents.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
  return rows.map((row) => ({
    ...row.event,
    actorName: row.actorName,
    subjectName: row.subjectName,
  }));
}
