import { type SQL, and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type JsonRow, rowFromJson } from '../../db/json-rows';
import {
  type StatementValues,
  driverValues,
  preparedStatement,
  preparedStatements,
  setClause,
} from '../../db/prepared';
import {
  accounts,
  assessments,
  auditEvents,
  cases,
  connectionEvents,
  connections,
  consents,
  directoryOrganizations,
  directoryServices,
  people,
  roleGrants,
  sites,
} from '../../db/schema';
import { outboxCtes } from '../../platform/mail/outbox';
import { type NewAuditEvent, auditColumns, auditPlaceholders, auditValues } from '../audit';
import type { CaseStatus, ConnectionStatus } from '../../../shared/pathway';

export type ConnectionRow = typeof connections.$inferSelect;
type ConnectionInsert = typeof connections.$inferInsert;
type ConnectionEventInsert = typeof connectionEvents.$inferInsert;
export type ConnectionEventRow = typeof connectionEvents.$inferSelect & {
  actorName: string | null;
};
export type ConnectionWithStatus = ConnectionRow & {
  referralStatus: 'open' | 'waitlist' | 'full' | null;
};

const connectionWithStatusColumns = {
  connection: connections,
  referralStatus: directoryServices.referralStatus,
};

export async function selectCaseConnections(
  db: Database,
  caseId: string,
): Promise<ConnectionWithStatus[]> {
  const rows = await db
    .select(connectionWithStatusColumns)
    .from(connections)
    .leftJoin(directoryServices, eq(directoryServices.id, connections.serviceId))
    .where(eq(connections.caseId, caseId))
    .orderBy(asc(connections.createdAt), asc(connections.id));
  return rows.map((r) => ({ ...r.connection, referralStatus: r.referralStatus }));
}

export async function findConnection(db: Database, id: string): Promise<ConnectionRow | undefined> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row;
}

export async function selectConnectionEvents(
  db: Database,
  connectionIds: string[],
): Promise<ConnectionEventRow[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .select({ event: connectionEvents, actorName: accounts.displayName })
    .from(connectionEvents)
    .leftJoin(accounts, eq(accounts.id, connectionEvents.actorId))
    .where(inArray(connectionEvents.connectionId, connectionIds))
    .orderBy(asc(connectionEvents.at), asc(connectionEvents.id));
  return rows.map((r) => ({ ...r.event, actorName: r.actorName }));
}

export async function insertConnectionEvent(
  db: Database,
  values: ConnectionEventInsert,
): Promise<void> {
  await db.insert(connectionEvents).values(values);
}

export async function updateConnectionAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: Pick<ConnectionInsert, 'status' | 'statusReason'> &
    Partial<Pick<ConnectionInsert, 'firstAttendedOn' | 'startsOn' | 'partnerMessage'>>,
): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .update(connections)
    .set({ ...patch, version: sql`${connections.version} + 1`, updatedAt: new Date() })
    .where(and(eq(connections.id, id), eq(connections.version, version)))
    .returning();
  return row;
}

/**
 * What a connection answer is cut from, for the connection `c`: its row, its listing's
 * referral status, and its history (`events`: the rows `history` selects, oldest first, each
 * with the name of who made it).
 */
function answerColumns(history: SQL): SQL {
  return sql`c.*,
    (select s.referral_status from ${directoryServices} s where s.id = c.service_id)
      as "referralStatus",
    (select coalesce(jsonb_agg(to_jsonb(e) || jsonb_build_object('actorName', a.display_name)
        order by e.at, e.id), '[]'::jsonb)
      from (${history}) e left join ${accounts} a on a.id = e.actor_id) as events`;
}

type AnswerRow = JsonRow & {
  referralStatus: ConnectionWithStatus['referralStatus'];
  events: JsonRow[];
};

/** A connection with its referral status and its whole history, as the answers present it. */
export type ConnectionAnswer = { row: ConnectionWithStatus; events: ConnectionEventRow[] };

function answerOf(row: AnswerRow): ConnectionAnswer {
  return {
    row: { ...rowFromJson(connections, row), referralStatus: row.referralStatus },
    events: row.events.map((json) => {
      const actorName = json['actorName'];
      return {
        ...rowFromJson(connectionEvents, json),
        actorName: typeof actorName === 'string' ? actorName : null,
      };
    }),
  };
}

/** A connection and its history in one round trip. */
export async function findConnectionAnswer(
  db: Database,
  id: string,
): Promise<ConnectionAnswer | undefined> {
  const [row] = await connectionAnswerStatement(db, { id });
  return row && answerOf(row);
}

const connectionAnswerStatement = preparedStatement<AnswerRow>(
  'connection_answer',
  () => sql`select ${answerColumns(
    sql`select * from ${connectionEvents} h where h.connection_id = c.id`,
  )}
    from ${connections} c where c.id = ${sql.placeholder('id')}`,
);

/** What a new connection is made of: copied from a listing, or described by hand. */
export type NewConnection = {
  id: string;
  caseId: string;
  personWants: string;
  createdBy: string;
} & (
  | { serviceId: string; partnerEmail: string | null }
  | { organisationName: string; activity: string; partnerEmail: string | null }
);

/**
 * Proposes a connection in one statement (atomic without a transaction): the connection, the
 * first line of its history and its audit event, answered with both. From a listing, the
 * connection copies its names in the person's language (its organization's name, else its
 * own) and its address (given, else the service's, else its organization's, when one looks
 * like an address); a listing that does not exist writes nothing and answers no row.
 */
export async function insertConnectionWithFirstEvent(
  db: Database,
  values: NewConnection,
  audit: NewAuditEvent,
): Promise<ConnectionAnswer | undefined> {
  const common = {
    id: values.id,
    caseId: values.caseId,
    personWants: values.personWants,
    createdBy: values.createdBy,
    partnerEmail: values.partnerEmail,
    ...auditValues(audit),
  };
  const [row] =
    'serviceId' in values
      ? await proposeStatement(db, 'listing', { ...common, serviceId: values.serviceId })
      : await proposeStatement(db, 'described', {
          ...common,
          organisationName: values.organisationName,
          activity: values.activity,
        });
  return row && answerOf(row);
}

/** A JSON record's `email`, when it is text that looks like an address. */
function emailIn(record: SQL): SQL {
  return sql`case when jsonb_typeof(${record} -> 'email') = 'string'
    and strpos(${record} ->> 'email', '@') > 0 then ${record} ->> 'email' end`;
}

/** A directory record's name in the person's language (`p`), else its own. */
function nameIn(table: SQL): SQL {
  return sql`coalesce(${table}.translations -> p.preferred_language ->> 'name', ${table}.name)`;
}

/** One statement for a listing, one for a described activity. */
const proposeStatement = preparedStatements<'listing' | 'described', AnswerRow>(
  'propose_connection',
  (shape) => {
    const value = (name: string) => sql.placeholder(name);
    const columns = sql`id, case_id, person_wants, created_by, status, service_id,
      partner_organisation_id, organisation_name, activity, partner_email`;
    const insert =
      shape === 'listing'
        ? sql`insert into ${connections} (${columns})
          select ${value('id')}::uuid, k.id, ${value('personWants')}::text,
            ${value('createdBy')}::uuid, 'proposed', s.id, o.partner_organisation_id,
            case when o.name <> '' then ${nameIn(sql`o`)} else ${nameIn(sql`s`)} end,
            ${nameIn(sql`s`)},
            coalesce(${value('partnerEmail')}::text, ${emailIn(sql`s.record`)},
              ${emailIn(sql`o.record`)})
          from ${cases} k
            join ${people} p on p.id = k.person_id
            join ${directoryServices} s on s.id = ${value('serviceId')}
            left join ${directoryOrganizations} o on o.id = s.organization_id
          where k.id = ${value('caseId')}`
        : sql`insert into ${connections} (${columns})
          values (${value('id')}, ${value('caseId')}, ${value('personWants')},
            ${value('createdBy')}, 'proposed', null, null, ${value('organisationName')},
            ${value('activity')}, ${value('partnerEmail')})`;
    return sql`with created as (
        ${insert}
        returning *
      ), history as (
        insert into ${connectionEvents} (connection_id, to_status, actor_id, via)
        select id, status, created_by, 'account' from created
        returning *
      ), audit as (
        insert into ${auditEvents} (${auditColumns}) select ${auditPlaceholders} from created
      )
      select ${answerColumns(sql`select * from history`)} from created c`;
  },
);

/** A connection about to change, with what the change needs of its case's site. */
export type ConnectionToChange = ConnectionRow & {
  /** The site's IANA zone: the case's "today". */
  timeZone: string;
  siteName: string;
  siteLocale: 'fr' | 'en';
};

/**
 * A connection with its case's site, and, for a sending ('send'), the partner staff to tell;
 * in one round trip.
 */
export async function findConnectionToChange(
  db: Database,
  id: string,
): Promise<ConnectionToChange | undefined>;
export async function findConnectionToChange(
  db: Database,
  id: string,
  withStaff: 'send',
): Promise<(ConnectionToChange & { staff: Recipient[] }) | undefined>;
export async function findConnectionToChange(
  db: Database,
  id: string,
  withStaff?: 'send',
): Promise<(ConnectionToChange & { staff?: Recipient[] }) | undefined> {
  const [row] = await connectionToChangeStatement(db, withStaff ?? 'change', { id });
  if (!row) return undefined;
  const { timeZone, siteName, siteLocale, staff } = row;
  return {
    ...rowFromJson(connections, row),
    timeZone,
    siteName,
    siteLocale,
    ...(staff ? { staff } : {}),
  };
}

type ToChangeRow = JsonRow & {
  timeZone: string;
  siteName: string;
  siteLocale: 'fr' | 'en';
  staff?: Recipient[];
};

const connectionToChangeStatement = preparedStatements<'change' | 'send', ToChangeRow>(
  'connection_to_change',
  (shape) => sql`select c.*, site.time_zone as "timeZone", site.name as "siteName",
      site.default_locale as "siteLocale"
      ${shape === 'send' ? sql`, ${partnerStaff(sql`c.partner_organisation_id`)} as staff` : sql``}
    from ${connections} c
      join ${cases} k on k.id = c.case_id
      join ${sites} site on site.id = k.site_id
    where c.id = ${sql.placeholder('id')}`,
);

export type ConnectionChange = {
  id: string;
  version: number;
  patch: Pick<ConnectionInsert, 'status' | 'statusReason'> &
    Partial<Pick<ConnectionInsert, 'firstAttendedOn'>>;
  event: { fromStatus: string; reason: string | null; note: string | null; actorId: string };
  audit: NewAuditEvent;
  /** The emails and notifications the change sends (`queuedMessages`); none when absent. */
  messages?: StatementValues;
};

/**
 * Changes a connection at the version read, writing its history line, its audit event and
 * the messages it sends in the same statement, answered with the connection and its whole
 * history. At another version it writes nothing and answers no row; messages are queued
 * whatever the version, so a change that sends any runs in a transaction the caller rolls
 * back then.
 */
export async function updateConnectionRecordingChange(
  db: Database,
  change: ConnectionChange,
): Promise<ConnectionAnswer | undefined> {
  // As drizzle's set(), a field given as undefined is left as it is.
  const patch = Object.fromEntries(Object.entries(change.patch).filter(([, v]) => v !== undefined));
  const fields = Object.keys(patch).toSorted().join(',');
  const [row] = await changeStatement(db, `${fields}${change.messages ? '+outbox' : ''}`, {
    ...driverValues(connections, patch),
    ...auditValues(change.audit),
    ...change.messages,
    id: change.id,
    version: change.version,
    fromStatus: change.event.fromStatus,
    reason: change.event.reason,
    note: change.event.note,
    actorId: change.event.actorId,
  });
  return row && answerOf(row);
}

/** One statement per set of changed columns, with or without messages. */
const changeStatement = preparedStatements<string, AnswerRow>('connection_change', (shape) => {
  const [fields = '', outbox] = shape.split('+');
  const value = (name: string) => sql.placeholder(name);
  return sql`with updated as (
      update ${connections} set ${setClause(connections, fields.split(','))},
        version = version + 1, updated_at = now()
      where id = ${value('id')} and version = ${value('version')}
      returning *
    ), history as (
      insert into ${connectionEvents}
        (connection_id, from_status, to_status, reason, note, actor_id, via)
      select id, ${value('fromStatus')}, status, ${value('reason')}, ${value('note')},
        ${value('actorId')}::uuid, 'account'
      from updated
      returning *
    ), audit as (
      insert into ${auditEvents} (${auditColumns}) select ${auditPlaceholders} from updated
    )${outbox ? sql`, ${outboxCtes}` : sql``}
    select ${answerColumns(
      sql`select * from ${connectionEvents} h where h.connection_id = c.id
        union all select * from history`,
    )}
    from updated c`;
});

export type CaseFacts = {
  id: string;
  reference: string;
  siteId: string;
  siteName: string;
  siteLocale: 'fr' | 'en';
  status: string;
  assignedTo: string | null;
  personLanguage: 'fr' | 'en';
  /** The site's IANA zone: the case's "today". */
  timeZone: string;
};

export async function findCaseFacts(db: Database, caseId: string): Promise<CaseFacts | undefined> {
  const [row] = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      siteId: cases.siteId,
      siteName: sites.name,
      siteLocale: sites.defaultLocale,
      status: cases.status,
      assignedTo: cases.assignedTo,
      personLanguage: people.preferredLanguage,
      timeZone: sites.timeZone,
    })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(people, eq(people.id, cases.personId))
    .where(eq(cases.id, caseId));
  return row;
}

/** How the case's person is reached, for a notice in their language; email only by choice. */
export type PersonRecipient = {
  givenName: string;
  email: string | null;
  language: 'fr' | 'en';
  contactPreference: 'phone' | 'email' | 'text_message' | 'post';
};

export async function findPersonRecipient(
  db: Database,
  caseId: string,
): Promise<PersonRecipient | undefined> {
  const [row] = await db
    .select({
      givenName: people.givenName,
      email: people.email,
      language: people.preferredLanguage,
      contactPreference: people.contactPreference,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .where(eq(cases.id, caseId));
  return row;
}

/**
 * Whether a connection was ever sent to its partner. A partner sees a connection only then,
 * whatever its status now: one recorded as not taken up straight from "proposed" never
 * reached them. Every partner read (inbox, detail, emailed links) filters on this alone.
 */
const sentToPartner = sql`exists (select 1 from connection_events e where e.connection_id = ${connections.id} and e.to_status = 'sent')`;

export type PartnerConnectionSummaryRow = {
  id: string;
  caseReference: string;
  givenName: string;
  familyName: string;
  activity: string;
  siteName: string;
  status: ConnectionStatus;
  updatedAt: Date;
  sentAt: Date | null;
};

/** Connections sent to the organisations given; what was never sent is not theirs to see. */
export async function selectPartnerConnections(
  db: Database,
  organisationIds: string[],
  status: ConnectionStatus | undefined,
): Promise<PartnerConnectionSummaryRow[]> {
  if (organisationIds.length === 0) return [];
  const sentAt = sql<Date | null>`(select min(e.at) from connection_events e where e.connection_id = ${connections.id} and e.to_status = 'sent')`;
  const rows = await db
    .select({
      id: connections.id,
      caseReference: cases.reference,
      givenName: people.givenName,
      familyName: people.familyName,
      activity: connections.activity,
      siteName: sites.name,
      status: connections.status,
      updatedAt: connections.updatedAt,
      sentAt: sentAt.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
    })
    .from(connections)
    .innerJoin(cases, eq(cases.id, connections.caseId))
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(
      and(
        inArray(connections.partnerOrganisationId, organisationIds),
        status ? eq(connections.status, status) : undefined,
        sentToPartner,
      ),
    )
    .orderBy(desc(connections.updatedAt), asc(connections.id))
    .limit(500);
  return rows;
}

export type PartnerDetailRow = {
  connection: ConnectionRow;
  caseReference: string;
  caseSiteId: string;
  caseStatus: CaseStatus;
  siteName: string;
  givenName: string;
  familyName: string;
  preferredLanguage: 'fr' | 'en';
  contactPreference: 'phone' | 'email' | 'text_message' | 'post';
  phone: string | null;
  email: string | null;
  address: string | null;
  postalCode: string | null;
  linkWorkerName: string | null;
  linkWorkerEmail: string | null;
  interests: string | null;
  strengths: string | null;
  sharingConsented: boolean;
};

/** Everything a partner's view is cut from, once sent; the presenter keeps only the minimum. */
export async function findPartnerDetail(
  db: Database,
  connectionId: string,
): Promise<PartnerDetailRow | undefined> {
  const [row] = await db
    .select({
      connection: connections,
      caseReference: cases.reference,
      caseSiteId: cases.siteId,
      caseStatus: cases.status,
      siteName: sites.name,
      givenName: people.givenName,
      familyName: people.familyName,
      preferredLanguage: people.preferredLanguage,
      contactPreference: people.contactPreference,
      phone: people.phone,
      email: people.email,
      address: people.address,
      postalCode: people.postalCode,
      linkWorkerName: accounts.displayName,
      linkWorkerEmail: accounts.email,
      interests: assessments.interests,
      strengths: assessments.strengths,
      // shared/consent.ts's coversSharingWithPartners, in SQL.
      sharingConsented:
        sql<boolean>`exists (select 1 from ${consents} c where c.case_id = ${cases.id} and c.covers_sharing_with_partners and c.withdrawn_at is null and c.partner_sharing_withdrawn_at is null)`.mapWith(
          (v: unknown) => v === true || v === 't',
        ),
    })
    .from(connections)
    .innerJoin(cases, eq(cases.id, connections.caseId))
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(accounts, eq(accounts.id, cases.assignedTo))
    .leftJoin(assessments, eq(assessments.caseId, cases.id))
    .where(and(eq(connections.id, connectionId), sentToPartner));
  return row;
}

/** A connection as a partner may move it: only once it was sent to them. */
export async function findSentConnection(
  db: Database,
  id: string,
): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, id), sentToPartner));
  return row;
}

export type Recipient = { email: string; locale: 'fr' | 'en' };

/**
 * Active partner staff of the organisation's sites, in their language (else their site's), as
 * a JSON array by address.
 */
function partnerStaff(organisationId: SQL): SQL {
  return sql`(select coalesce(json_agg(r order by r.email, r.locale), '[]'::json) from (
      select distinct a.email, coalesce(a.locale, s.default_locale) as locale
      from ${roleGrants} g
        join ${accounts} a on a.id = g.account_id
        join ${sites} s on s.id = g.site_id
      where g.role = 'partner_staff' and s.organisation_id = ${organisationId} and a.active
    ) r)`;
}

const partnerStaffStatement = preparedStatement<{ staff: Recipient[] }>(
  'partner_staff',
  () => sql`select ${partnerStaff(sql`${sql.placeholder('organisationId')}::uuid`)} as staff`,
);

/** Active partner staff of the organisation's sites, in their language (else their site's). */
export async function selectPartnerStaffRecipients(
  db: Database,
  organisationId: string,
): Promise<Recipient[]> {
  const [row] = await partnerStaffStatement(db, { organisationId });
  return row?.staff ?? [];
}

export async function findAccountRecipient(
  db: Database,
  accountId: string,
  fallback: 'fr' | 'en',
): Promise<Recipient | undefined> {
  const [row] = await db
    .select({ email: accounts.email, locale: accounts.locale, active: accounts.active })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!row?.active) return undefined;
  return { email: row.email, locale: row.locale ?? fallback };
}

/** The name an account goes by, for a partner told who recorded its answer. */
export async function findAccountName(
  db: Database,
  accountId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ name: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.name;
}
