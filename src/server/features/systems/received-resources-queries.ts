import {
  type SQL,
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  lt,
  or,
  sql,
} from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { oncePerDatabase, plannedEachRun, preparedStatement } from '../../db/prepared';
import { fhirIdentifiers, fhirResources } from '../../db/schema';

export type ReceivedResourceRow = typeof fhirResources.$inferSelect;
export type NewReceivedResource = Pick<
  typeof fhirResources.$inferInsert,
  'resourceType' | 'id' | 'clientId' | 'caseId' | 'entryIndex' | 'resource' | 'stagedUntil'
>;

/** A resource by type and id. */
export type ResourceKey = { resourceType: string; id: string };

/** A key that makes a referral idempotent: an identifier (system and value) of a kind of resource. */
export type ReferralKey = {
  resourceType: string;
  system: string;
  value: string;
  /** Body-hash keys only. */
  expiresAt?: Date;
};

/** Keys in one order, so that two requests sharing several never wait on each other in a circle. */
function sorted(keys: readonly ReferralKey[]): ReferralKey[] {
  const text = (key: ReferralKey) => `${key.resourceType}\u0000${key.system}\u0000${key.value}`;
  const unique = new Map(keys.map((key) => [text(key), key]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, key]) => key);
}

/**
 * Writes the keys of a new referral, first in its transaction: those another referral of the
 * client holds (and has not let expire) are not written, a concurrent one being waited for
 * until it commits or rolls back. Returns whether all were written.
 */
export async function insertKeys(
  db: Database,
  clientId: string,
  caseId: string,
  keys: readonly ReferralKey[],
): Promise<boolean> {
  const unique = sorted(keys);
  if (unique.length === 0) return true;
  const rows = await db
    .insert(fhirIdentifiers)
    .values(
      unique.map((key) => ({
        clientId,
        caseId,
        resourceType: key.resourceType,
        system: key.system,
        value: key.value,
        expiresAt: key.expiresAt ?? null,
      })),
    )
    // A body-hash key past its week (not yet purged) is taken over; a live key is not.
    .onConflictDoUpdate({
      target: [
        fhirIdentifiers.clientId,
        fhirIdentifiers.resourceType,
        fhirIdentifiers.system,
        fhirIdentifiers.value,
      ],
      set: { caseId, expiresAt: sql`excluded.expires_at` },
      setWhere: sql`${fhirIdentifiers.expiresAt} < now()`,
    })
    .returning({ value: fhirIdentifiers.value });
  return rows.length === unique.length;
}

/** The cases the client's live keys among these name, each once. */
export async function selectCasesOfKeys(
  db: Database,
  clientId: string,
  keys: readonly ReferralKey[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectDistinct({ caseId: fhirIdentifiers.caseId })
    .from(fhirIdentifiers)
    .where(
      and(
        eq(fhirIdentifiers.clientId, clientId),
        or(
          ...keys.map((key) =>
            and(
              eq(fhirIdentifiers.resourceType, key.resourceType),
              eq(fhirIdentifiers.system, key.system),
              eq(fhirIdentifiers.value, key.value),
            ),
          ),
        ),
        or(isNull(fhirIdentifiers.expiresAt), gt(fhirIdentifiers.expiresAt, new Date())),
      ),
    );
  return rows.map((row) => row.caseId);
}

export async function insertReceivedResources(
  db: Database,
  rows: readonly NewReceivedResource[],
): Promise<void> {
  if (rows.length === 0) return;
  await insertReceivedStatement(db, { rows: JSON.stringify(rows.map(recordOf)) });
}

/** A row as jsonb_to_recordset reads it below. */
function recordOf(row: NewReceivedResource): Record<string, unknown> {
  return {
    resourceType: row.resourceType,
    id: row.id,
    clientId: row.clientId,
    caseId: row.caseId ?? null,
    entryIndex: row.entryIndex ?? null,
    resource: row.resource,
    stagedUntil: row.stagedUntil?.toISOString() ?? null,
  };
}

/** The insert of resources given as the `rows` placeholder's JSON array. */
function insertRowsOfJson(): SQL {
  return sql`insert into ${fhirResources}
      (resource_type, id, client_id, case_id, entry_index, resource, staged_until)
    select r."resourceType", r.id, r."clientId", r."caseId", r."entryIndex", r.resource,
      r."stagedUntil"
    from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb) as r("resourceType" text, id uuid,
      "clientId" uuid, "caseId" uuid, "entryIndex" integer, resource jsonb,
      "stagedUntil" timestamptz)`;
}

/*
 * Every referral keeps its Bundle's resources: built once, the rows as one JSON array
 * (drizzle building the insert of ten resources cost more CPU than writing them).
 */
const insertReceivedStatement = preparedStatement('insert_fhir_resources', insertRowsOfJson);

export async function findReceivedResource(
  db: Database,
  resourceType: string,
  id: string,
): Promise<ReceivedResourceRow | undefined> {
  const [row] = await receivedResourceQuery(db).execute({ resourceType, id });
  return row;
}

/** Every FHIR read by id asks this first: built and prepared once (see db/prepared.ts). */
const receivedResourceQuery = oncePerDatabase((db: Database) =>
  db
    .select()
    .from(fhirResources)
    .where(
      and(
        eq(fhirResources.resourceType, sql.placeholder('resourceType')),
        eq(fhirResources.id, sql.placeholder('id')),
      ),
    )
    .prepare('received_resource'),
);

/** What a client sent with a referral, in the order of its Bundle. */
export function selectReceivedOfCase(
  db: Database,
  clientId: string,
  caseId: string,
  resourceTypes?: readonly string[],
): Promise<ReceivedResourceRow[]> {
  return db
    .select()
    .from(fhirResources)
    .where(
      and(
        eq(fhirResources.clientId, clientId),
        eq(fhirResources.caseId, caseId),
        resourceTypes ? inArray(fhirResources.resourceType, [...resourceTypes]) : undefined,
      ),
    )
    .orderBy(asc(fhirResources.entryIndex), asc(fhirResources.resourceType));
}

/** What a client sent with several of its referrals, of some types (a search's page). */
export function selectReceivedOfCases(
  db: Database,
  clientId: string,
  caseIds: readonly string[],
  resourceTypes: readonly string[],
): Promise<ReceivedResourceRow[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return receivedOfCasesQuery(db).execute({ clientId, caseIds, resourceTypes });
}

/** Every page of a Task search asks this: built and prepared once (see db/prepared.ts). */
const receivedOfCasesQuery = oncePerDatabase((db: Database) =>
  db
    .select()
    .from(fhirResources)
    .where(
      and(
        eq(fhirResources.clientId, sql.placeholder('clientId')),
        sql`${fhirResources.caseId} = any(${sql.placeholder('caseIds')}::uuid[])`,
        sql`${fhirResources.resourceType} = any(${sql.placeholder('resourceTypes')}::text[])`,
      ),
    )
    .prepare('received_of_cases'),
);

/** Body-hash keys past their week: the same body makes a new referral from then on. */
export async function deleteExpiredKeys(db: Database, now: Date): Promise<void> {
  await db
    .delete(fhirIdentifiers)
    .where(and(sql`${fhirIdentifiers.expiresAt} is not null`, lt(fhirIdentifiers.expiresAt, now)));
}

function isKey(key: ResourceKey) {
  return and(eq(fhirResources.resourceType, key.resourceType), eq(fhirResources.id, key.id));
}

/** The client's staged resources among these (not yet linked to a case, not expired). */
export async function selectStaged(
  db: Database,
  clientId: string,
  keys: readonly ResourceKey[],
): Promise<ReceivedResourceRow[]> {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(fhirResources)
    .where(isStaged(clientId, or(...keys.map(isKey))));
}

function isStaged(clientId: string, which: SQL | undefined): SQL | undefined {
  return and(
    eq(fhirResources.clientId, clientId),
    isNull(fhirResources.caseId),
    gt(fhirResources.stagedUntil, new Date()),
    which,
  );
}

/**
 * Stages one resource if every resource it names (its keys, each once) is a staged one of
 * the client, checked and written in one statement: whether it was kept, and which of the
 * named ones were found.
 */
export async function insertStagedNaming(
  db: Database,
  row: NewReceivedResource,
  named: readonly ResourceKey[],
): Promise<{ kept: boolean; found: ResourceKey[] }> {
  const [result] = await insertStagedNamingStatement(db, {
    rows: JSON.stringify([recordOf(row)]),
    clientId: row.clientId,
    now: new Date().toISOString(),
    types: named.map((key) => key.resourceType),
    ids: named.map((key) => key.id),
  });
  return { kept: result?.kept ?? false, found: result?.found ?? [] };
}

const insertStagedNamingStatement = plannedEachRun<{ kept: boolean; found: ResourceKey[] }>(
  () => sql`with named as (
      select resource_type as "resourceType", id from ${fhirResources}
      where client_id = ${sql.placeholder('clientId')}::uuid and case_id is null
        and staged_until > ${sql.placeholder('now')}::timestamptz
        and (resource_type, id) in (
          select * from unnest(${sql.placeholder('types')}::text[], ${sql.placeholder('ids')}::uuid[]))
    ), kept as (
      ${insertRowsOfJson()}
      where (select count(*) from named) = cardinality(${sql.placeholder('ids')}::uuid[])
      returning 1
    )
    select exists (select 1 from kept) as kept,
      (select coalesce(json_agg(named), '[]'::json) from named) as found`,
);

/** Staged Consents of a Patient (`Patient/<id>`): the partial index of migration 0034. */
function isConsentOf(patientReference: string): SQL {
  return sql`${fhirResources.resourceType} = 'Consent'
    and ${fhirResources.resource} -> 'patient' ->> 'reference' = ${patientReference}`;
}

/**
 * What a Task names among the client's staged resources (as selectStaged) and the staged
 * Consents of its Patient, in one round trip (a Consent may be in both).
 */
export async function selectStagedWithConsents(
  db: Database,
  clientId: string,
  keys: readonly ResourceKey[],
  patientReference: string,
): Promise<{ named: ReceivedResourceRow[]; consents: ReceivedResourceRow[] }> {
  if (keys.length === 0) return { named: [], consents: [] };
  const columns = getTableColumns(fhirResources);
  const rows = await unionAll(
    db
      .select({ ...columns, named: sql<boolean>`true`.as('named') })
      .from(fhirResources)
      .where(isStaged(clientId, or(...keys.map(isKey)))),
    db
      .select({ ...columns, named: sql<boolean>`false`.as('named') })
      .from(fhirResources)
      .where(isStaged(clientId, isConsentOf(patientReference))),
  );
  const strip = ({ named: _, ...row }: (typeof rows)[number]): ReceivedResourceRow => row;
  return {
    named: rows.filter((row) => row.named).map(strip),
    consents: rows.filter((row) => !row.named).map(strip),
  };
}

/**
 * Locks staged resources for the Task that links them, in its transaction: how many are
 * still unlinked once any concurrent Task has committed (that one took the others).
 */
export async function lockStaged(
  db: Database,
  clientId: string,
  keys: readonly ResourceKey[],
): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db
    .select({ id: fhirResources.id })
    .from(fhirResources)
    .where(
      and(
        eq(fhirResources.clientId, clientId),
        isNull(fhirResources.caseId),
        or(...keys.map(isKey)),
      ),
    )
    .orderBy(asc(fhirResources.resourceType), asc(fhirResources.id))
    .for('update');
  return rows.length;
}

/**
 * Links taken staged resources to the case their Task made (after the case is written), and
 * keeps the Task, in one statement.
 */
export async function linkStagedKeeping(
  db: Database,
  caseId: string,
  keys: readonly ResourceKey[],
  rows: readonly NewReceivedResource[],
): Promise<void> {
  await linkStagedStatement(db, {
    caseId,
    now: new Date().toISOString(),
    types: keys.map((key) => key.resourceType),
    ids: keys.map((key) => key.id),
    rows: JSON.stringify(rows.map(recordOf)),
  });
}

const linkStagedStatement = plannedEachRun(
  () => sql`with linked as (
      update ${fhirResources}
      set case_id = ${sql.placeholder('caseId')}::uuid, staged_until = null,
        last_updated = ${sql.placeholder('now')}::timestamptz
      where (resource_type, id) in (
        select * from unnest(${sql.placeholder('types')}::text[], ${sql.placeholder('ids')}::uuid[]))
    )
    ${insertRowsOfJson()}`,
);

/** Staged resources no Task linked within their day: personal data without a case. */
export async function deleteExpiredStaged(db: Database, now: Date): Promise<void> {
  await db
    .delete(fhirResources)
    .where(and(isNull(fhirResources.caseId), lt(fhirResources.stagedUntil, now)));
}
