import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  accounts,
  assessments,
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

export async function findConnectionWithStatus(
  db: Database,
  id: string,
): Promise<ConnectionWithStatus | undefined> {
  const [row] = await db
    .select(connectionWithStatusColumns)
    .from(connections)
    .leftJoin(directoryServices, eq(directoryServices.id, connections.serviceId))
    .where(eq(connections.id, id));
  return row ? { ...row.connection, referralStatus: row.referralStatus } : undefined;
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

export async function insertConnection(
  db: Database,
  values: ConnectionInsert,
): Promise<ConnectionRow> {
  const [row] = await db.insert(connections).values(values).returning();
  if (!row) throw new Error('insert into connections returned no row');
  return row;
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

/** A directory service with what a connection copies from it, in both languages. */
export type DirectoryServiceForConnection = {
  id: string;
  name: string;
  translations: Partial<Record<'fr' | 'en', { name?: string; description?: string }>>;
  record: Record<string, unknown>;
  organizationName: string | null;
  organizationTranslations: Partial<Record<'fr' | 'en', { name?: string; description?: string }>>;
  organizationRecord: Record<string, unknown> | null;
  partnerOrganisationId: string | null;
};

export async function findDirectoryService(
  db: Database,
  id: string,
): Promise<DirectoryServiceForConnection | undefined> {
  const [row] = await db
    .select({
      id: directoryServices.id,
      name: directoryServices.name,
      translations: directoryServices.translations,
      record: directoryServices.record,
      organizationName: directoryOrganizations.name,
      organizationTranslations: directoryOrganizations.translations,
      organizationRecord: directoryOrganizations.record,
      partnerOrganisationId: directoryOrganizations.partnerOrganisationId,
    })
    .from(directoryServices)
    .leftJoin(
      directoryOrganizations,
      eq(directoryOrganizations.id, directoryServices.organizationId),
    )
    .where(eq(directoryServices.id, id));
  if (!row) return undefined;
  return { ...row, organizationTranslations: row.organizationTranslations ?? {} };
}

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
      sharingConsented:
        sql<boolean>`exists (select 1 from ${consents} c where c.case_id = ${cases.id} and c.covers_sharing_with_partners and c.withdrawn_at is null)`.mapWith(
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

/** Active partner staff of the organisation's sites, in their language (else their site's). */
export async function selectPartnerStaffRecipients(
  db: Database,
  organisationId: string,
): Promise<Recipient[]> {
  const rows = await db
    .selectDistinct({
      email: accounts.email,
      locale: sql<'fr' | 'en'>`coalesce(${accounts.locale}, ${sites.defaultLocale})`,
    })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .innerJoin(sites, eq(sites.id, roleGrants.siteId))
    .where(
      and(
        eq(roleGrants.role, 'partner_staff'),
        eq(sites.organisationId, organisationId),
        eq(accounts.active, true),
      ),
    )
    .orderBy(asc(accounts.email));
  return rows;
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
