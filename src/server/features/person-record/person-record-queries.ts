import { type SQL, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { closedCaseStatuses } from '../../../shared/pathway';
import { normalisePhone } from '../../../shared/phone';
import { belongsToPerson, recordTables } from './person-record-tables';

export type JsonRow = Record<string, unknown>;

const closed = sql.raw(`('${closedCaseStatuses.join("','")}')`);

function jsonOf(table: (typeof recordTables)[number]): SQL {
  const omit = table.rule.omit ?? [];
  const extra = Object.entries(table.rule.extra ?? {});
  const base = omit.length ? sql`to_jsonb(t) - ${`{${omit.join(',')}}`}::text[]` : sql`to_jsonb(t)`;
  if (extra.length === 0) return base;
  const pairs = extra.map(([name, expression]) => sql`${name}::text, ${sql.raw(expression)}`);
  return sql`${base} || jsonb_build_object(${sql.join(pairs, sql`, `)})`;
}

/** Every row of every table of the person's record, by table, each as its columns' JSON. */
export async function selectRecordRows(
  db: Database,
  personId: string,
): Promise<Record<string, JsonRow[]>> {
  const result: Record<string, JsonRow[]> = {};
  for (const table of recordTables) {
    const order = table.rule.orderBy ? sql`order by t.${sql.raw(table.rule.orderBy)}` : sql``;
    const rows = await selectRows<{ row: JsonRow }>(
      db,
      sql`select ${jsonOf(table)} as row from ${sql.raw(table.name)} t
        where ${belongsToPerson(table.name, personId)} ${order}`,
    );
    result[table.name] = rows.map((r) => r.row);
  }
  return result;
}

/** The ids of every row of the record (its cases, connections, notes...): what events name. */
export async function selectRecordIds(db: Database, personId: string): Promise<string[]> {
  const parts = recordTables
    .filter((table) => table.columns.includes('id'))
    .map(
      (table) =>
        sql`select t.id::text as id from ${sql.raw(table.name)} t
          where ${belongsToPerson(table.name, personId)}`,
    );
  const rows = await selectRows<{ id: string }>(db, sql.join(parts, sql` union all `));
  return rows.map((r) => r.id);
}

/**
 * The outbox's messages to the person: emails to their address, text messages to their
 * phone (as the outbox holds it, in E.164).
 */
function sentToPerson(person: Pick<PersonFacts, 'email' | 'phone'>): SQL {
  const number = person.phone === null ? null : normalisePhone(person.phone);
  return sql`((e.channel = 'email' and lower(e.recipient) = lower(${person.email ?? ''}))
    or (e.channel = 'sms' and e.recipient = ${number ?? ''}))
    and e.recipient <> ''`;
}

/** Emails and text messages queued or sent to the person. */
export async function selectEmailsTo(
  db: Database,
  person: Pick<PersonFacts, 'email' | 'phone'>,
): Promise<JsonRow[]> {
  const rows = await selectRows<{ row: JsonRow }>(
    db,
    sql`select to_jsonb(e) - '{last_error,attempts,next_attempt_at}'::text[] as row
      from outbound_emails e where ${sentToPerson(person)} order by e.created_at`,
  );
  return rows.map((r) => r.row);
}

export type AccessRow = {
  /** As the driver reads it: a Date or its text. */
  at: Date | string;
  action: string;
  outcome: string;
  subject_type: string | null;
  subject_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
  roles: { role: string; site: string | null; organisation: string | null }[];
};

/**
 * The audit trail about the record's rows: who did or read what, with the roles they hold
 * where it happened (grants now: the trail keeps the account, not its grants then).
 */
export async function selectAccessEvents(db: Database, ids: string[]): Promise<AccessRow[]> {
  if (ids.length === 0) return [];
  return selectRows<AccessRow>(
    db,
    sql`select a.at, a.action, a.outcome, a.subject_type, a.subject_id, a.actor_id,
        acc.display_name as actor_name, a.ip, a.user_agent, a.details,
        coalesce((select jsonb_agg(jsonb_build_object('role', g.role, 'site', s.name,
            'organisation', o.name) order by g.role)
          from role_grants g
          left join sites s on s.id = g.site_id
          left join organisations o on o.id = s.organisation_id
          where g.account_id = a.actor_id and (g.site_id is null or g.site_id = a.site_id)),
          '[]'::jsonb) as roles
      from audit_events a
      left join accounts acc on acc.id = a.actor_id
      where a.subject_id = any(${`{${ids.join(',')}}`}::text[])
      order by a.id`,
  );
}

export type PersonFacts = {
  id: string;
  site_id: string;
  email: string | null;
  phone: string | null;
  preferred_language: 'fr' | 'en';
  anonymised_at: Date | string | null;
  open_cases: number;
};

/** The person, locked for the rest of the transaction when `lock` (anonymisation). */
export async function findPersonFacts(
  db: Database,
  personId: string,
  lock = false,
): Promise<PersonFacts | undefined> {
  const [row] = await selectRows<PersonFacts>(
    db,
    sql`select p.id, p.site_id, p.email, p.phone, p.preferred_language, p.anonymised_at,
        (select count(*)::int from cases c
          where c.person_id = p.id and c.status not in ${closed}) as open_cases
      from people p where p.id = ${personId}::uuid ${lock ? sql`for update of p` : sql``}`,
  );
  return row;
}

export type RecordCase = { id: string; site_id: string; reference: string };

export type RecordCaseFacts = { id: string; siteId: string; reference: string; personId: string };

export async function findRecordCase(
  db: Database,
  caseId: string,
): Promise<RecordCaseFacts | undefined> {
  const [row] = await selectRows<RecordCaseFacts>(
    db,
    sql`select id, site_id as "siteId", reference, person_id as "personId"
      from cases where id = ${caseId}::uuid`,
  );
  return row;
}

export async function selectPersonCases(db: Database, personId: string): Promise<RecordCase[]> {
  return selectRows<RecordCase>(
    db,
    sql`select id, site_id, reference from cases where person_id = ${personId}::uuid
      order by referred_at`,
  );
}

/**
 * Removes the person's identity and free texts from every table of their record, keeping
 * codes and figures (person-record-tables.ts says what, table by table), ends the links
 * about it and the emails to them. Call inside the transaction that audits it.
 */
export async function anonymiseRecord(
  db: Database,
  person: Pick<PersonFacts, 'id' | 'email' | 'phone'>,
): Promise<void> {
  const ids = await selectRecordIds(db, person.id);
  // Children first: a deleted row is never one another scrub still reads.
  for (const table of [...recordTables].reverse()) {
    const rule = table.rule.anonymise;
    const where = belongsToPerson(table.name, person.id, table.name);
    if ('delete' in rule) {
      await db.execute(sql`delete from ${sql.raw(table.name)} where ${where}`);
    } else if ('scrub' in rule) {
      const sets = Object.entries(rule.scrub).map(
        ([column, value]) => sql`${sql.raw(column)} = ${sql.raw(value)}`,
      );
      if (table.name === 'people') {
        sets.push(sql`anonymised_at = now()`, sql`version = version + 1`, sql`updated_at = now()`);
      }
      await db.execute(sql`update ${sql.raw(table.name)} set ${sql.join(sets, sql`, `)}
        where ${where}`);
    }
  }
  await db.execute(sql`delete from outbound_emails e
    where ${sentToPerson(person)} and e.status = 'pending'`);
  await db.execute(sql`update outbound_emails e
    set recipient = '', subject = '', text = '', html = null, attachments = null,
      last_error = null
    where ${sentToPerson(person)}`);
  if (ids.length > 0) {
    const idArray = sql`${`{${ids.join(',')}}`}::text[]`;
    await db.execute(sql`update action_links set expires_at = least(expires_at, now())
      where used_at is null and subject_id::text = any(${idArray})`);
    await db.execute(sql`delete from idempotency_keys
      where body like any(array(select '%' || i || '%' from unnest(${idArray}) i))`);
  }
}

export type RetentionCandidate = {
  person_id: string;
  site_id: string;
  site_name: string;
  cases: { id: string; reference: string; site_id: string; closed_at: string }[];
  last_closed_at: Date | string;
};

/**
 * People whose every case is closed, the last more than `years` years ago, not yet
 * anonymised: what the retention job anonymises.
 */
export async function selectRetentionCandidates(
  db: Database,
  years: number,
  limit: number | null,
  personId?: string,
): Promise<RetentionCandidate[]> {
  return selectRows<RetentionCandidate>(
    db,
    sql`select p.id as person_id, p.site_id, s.name as site_name,
        jsonb_agg(jsonb_build_object('id', c.id, 'reference', c.reference, 'site_id', c.site_id,
          'closed_at', coalesce(c.closed_at, c.updated_at)) order by c.referred_at) as cases,
        max(coalesce(c.closed_at, c.updated_at)) as last_closed_at
      from people p
      join sites s on s.id = p.site_id
      join cases c on c.person_id = p.id
      where p.anonymised_at is null ${personId ? sql`and p.id = ${personId}::uuid` : sql``}
      group by p.id, p.site_id, s.name
      having bool_and(c.status in ${closed})
        and max(coalesce(c.closed_at, c.updated_at)) < now() - make_interval(years => ${years}::int)
      order by max(coalesce(c.closed_at, c.updated_at)), p.id
      ${limit === null ? sql`` : sql`limit ${limit}`}`,
  );
}

export async function findRetentionYears(db: Database): Promise<number | null> {
  const [row] = await selectRows<{ retention_years: number | null }>(
    db,
    sql`select retention_years from programme_settings where id = 1`,
  );
  return row?.retention_years ?? null;
}

export async function saveRetentionYears(
  db: Database,
  years: number | null,
  accountId: string,
): Promise<void> {
  await db.execute(sql`insert into programme_settings (id, retention_years, updated_by, updated_at)
    values (1, ${years}, ${accountId}::uuid, now())
    on conflict (id) do update set retention_years = excluded.retention_years,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
}
