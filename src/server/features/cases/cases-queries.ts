import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { rowFromJson } from '../../db/json-rows';
import { auditEvents } from '../../db/schema';
import { type NewAuditEvent, auditColumns, auditPlaceholders, auditValues } from '../audit';
import {
  driverValues,
  insertColumns,
  preparedStatement,
  preparedStatements,
  setClause,
} from '../../db/prepared';
import {
  actionPlans,
  assessments,
  caseEvents,
  cases,
  connections,
  consents,
  contacts,
  people,
} from '../../db/schema';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseEventInsert = typeof caseEvents.$inferInsert;
export type PersonRow = typeof people.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;

/**
 * Inserts a case and the first line of its history in one statement (one round trip): the
 * history's time is the case's referral time.
 */
export async function insertCaseWithFirstEvent(
  db: Database,
  values: CaseInsert,
  event: { actorId: string | null; note: string | null },
): Promise<CaseRow> {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const [row] = await openCaseStatement(db, Object.keys(given).toSorted().join(','), {
    ...driverValues(cases, given),
    eventActorId: event.actorId,
    eventNote: event.note,
  });
  if (!row) throw new Error('insert into cases returned no row');
  return rowFromJson(cases, row);
}

/** One statement per set of given columns: the case and its first history line. */
const openCaseStatement = preparedStatements('open_case', (shape: string) => {
  const fields = shape.split(',');
  return sql`with opened as (
      insert into ${cases} (${insertColumns(cases, fields)})
      values (${sql.join(
        fields.map((field) => sql.placeholder(field)),
        sql`, `,
      )})
      returning *
    ), history as (
      insert into ${caseEvents} (case_id, to_status, actor_id, note, at)
      select id, status, ${sql.placeholder('eventActorId')}::uuid, ${sql.placeholder('eventNote')},
        referred_at
      from opened
      returning id
    )
    select * from opened`;
});

export async function insertCaseEvent(db: Database, values: CaseEventInsert): Promise<void> {
  await db.insert(caseEvents).values(values);
}

const findCaseStatement = preparedStatement(
  'find_case',
  () => sql`select * from ${cases} where id = ${sql.placeholder('id')}`,
);

export async function findCase(db: Database, id: string): Promise<CaseRow | undefined> {
  const [row] = await findCaseStatement(db, { id });
  return row && rowFromJson(cases, row);
}

/** Changes a case only if nobody changed it since the caller read it. */
export async function updateCaseAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Partial<Omit<CaseInsert, 'id' | 'version'>>,
): Promise<CaseRow | undefined> {
  const [row] = await db
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(cases.id, id), eq(cases.version, version)))
    .returning();
  return row;
}

export type CaseTransition = {
  fromStatus: string;
  toStatus: string;
  reason?: string | null;
  note?: string | null;
  actorId: string;
};

/**
 * updateCaseAtVersion and the history line of the status change it makes, in one statement:
 * no line is written when the version no longer matches.
 */
/**
 * Changes a case at the version read, writing its history line and its audit event in the
 * same statement: the three stand or fall together, without a transaction around them.
 */
export async function updateCaseRecordingTransition(
  db: Database,
  id: string,
  version: number,
  patch: CasePatch,
  transition: CaseTransition,
  audit: NewAuditEvent,
): Promise<CaseRow | undefined> {
  // As drizzle's set(), a field given as undefined is left as it is.
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const [row] = await transitionStatement(db, Object.keys(changes).toSorted().join(','), {
    ...driverValues(cases, changes),
    ...auditValues(audit),
    id,
    version,
    fromStatus: transition.fromStatus,
    toStatus: transition.toStatus,
    reason: transition.reason ?? null,
    note: transition.note ?? null,
    actorId: transition.actorId,
  });
  return row && rowFromJson(cases, row);
}

type CasePatch = Partial<Omit<CaseInsert, 'id' | 'version'>>;

/** One statement per set of changed columns. */
const transitionStatement = preparedStatements('case_transition', (shape: string) => {
  const value = (name: string) => sql.placeholder(name);
  return sql`with updated as (
      update ${cases} set ${setClause(cases, shape.split(','))},
        version = version + 1, updated_at = now()
      where id = ${value('id')} and version = ${value('version')}
      returning *
    ), history as (
      insert into ${caseEvents} (case_id, from_status, to_status, reason, note, actor_id)
      select id, ${value('fromStatus')}, ${value('toStatus')}, ${value('reason')},
        ${value('note')}, ${value('actorId')}::uuid
      from updated
    ), audit as (
      insert into ${auditEvents} (${auditColumns}) select ${auditPlaceholders} from updated
    )
    select * from updated`;
});

/** The outer case of a correlated subquery, spelled out: drizzle leaves single-table columns unqualified. */
export const outerCaseId = sql.raw('"cases"."id"');

/** What the stage is derived from, as correlated subqueries on the outer case. */
export const stageFacts = {
  contacted: sql<boolean>`exists (select 1 from ${contacts} where ${contacts.caseId} = ${outerCaseId})`,
  assessed: sql<boolean>`exists (select 1 from ${assessments} where ${assessments.caseId} = ${outerCaseId} and ${assessments.completedAt} is not null)`,
  planned: sql<boolean>`exists (select 1 from ${actionPlans} where ${actionPlans.caseId} = ${outerCaseId} and ${actionPlans.agreedOn} is not null)`,
  connected: sql<boolean>`exists (select 1 from ${connections} where ${connections.caseId} = ${outerCaseId})`,
};

export type CaseFacts = {
  contacted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
};

export async function findPerson(db: Database, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** The consent given for this case, else the person's latest one. */
export async function findConsentFor(
  db: Database,
  caseId: string,
  personId: string,
): Promise<ConsentRow | undefined> {
  const [row] = await db
    .select()
    .from(consents)
    .where(eq(consents.personId, personId))
    .orderBy(sql`(${consents.caseId} = ${caseId}) desc nulls last`, desc(consents.givenAt))
    .limit(1);
  return row;
}

export type CaseEventView = {
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  note: string | null;
  actorName: string | null;
  at: Date;
};

export type ConnectionSummaryRow = {
  organisationName: string;
  activity: string;
  status: string;
  firstAttendedOn: string | null;
};

export function selectCaseConnections(
  db: Database,
  caseId: string,
): Promise<ConnectionSummaryRow[]> {
  return db
    .select({
      organisationName: connections.organisationName,
      activity: connections.activity,
      status: connections.status,
      firstAttendedOn: connections.firstAttendedOn,
    })
    .from(connections)
    .where(eq(connections.caseId, caseId))
    .orderBy(asc(connections.createdAt));
}
