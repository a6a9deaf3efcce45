import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ContactPreference } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import {
  accounts,
  appointments,
  caseNotes,
  cases,
  people,
  roleGrants,
  sites,
} from '../../db/schema';

export type NoteRow = typeof caseNotes.$inferSelect & {
  authorName: string;
  amendsCreatedAt: Date | null;
};

const amended = alias(caseNotes, 'amended');

const noteColumns = {
  note: caseNotes,
  authorName: accounts.displayName,
  amendsCreatedAt: amended.createdAt,
};

function flattenNote(row: {
  note: typeof caseNotes.$inferSelect;
  authorName: string;
  amendsCreatedAt: Date | null;
}): NoteRow {
  return { ...row.note, authorName: row.authorName, amendsCreatedAt: row.amendsCreatedAt };
}

/** A case's notes, newest first, each with its author's name and the date of the one it amends. */
export async function selectCaseNotes(db: Database, caseId: string): Promise<NoteRow[]> {
  const rows = await db
    .select(noteColumns)
    .from(caseNotes)
    .innerJoin(accounts, eq(accounts.id, caseNotes.authorId))
    .leftJoin(amended, eq(amended.id, caseNotes.amendsId))
    .where(eq(caseNotes.caseId, caseId))
    .orderBy(desc(caseNotes.createdAt), desc(caseNotes.id));
  return rows.map(flattenNote);
}

export async function findCaseNote(db: Database, id: string): Promise<NoteRow | undefined> {
  const [row] = await db
    .select(noteColumns)
    .from(caseNotes)
    .innerJoin(accounts, eq(accounts.id, caseNotes.authorId))
    .leftJoin(amended, eq(amended.id, caseNotes.amendsId))
    .where(eq(caseNotes.id, id));
  return row ? flattenNote(row) : undefined;
}

export async function insertCaseNote(
  db: Database,
  values: typeof caseNotes.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(caseNotes).values(values).returning({ id: caseNotes.id });
  if (!row) throw new Error('insert into case_notes returned no row');
  return row.id;
}

/** Changes a note's text at the version read; undefined when someone changed it first. */
export async function updateCaseNoteAtVersion(
  db: Database,
  id: string,
  version: number,
  body: string,
): Promise<string | undefined> {
  const [row] = await db
    .update(caseNotes)
    .set({ body, version: sql`${caseNotes.version} + 1`, updatedAt: new Date() })
    .where(and(eq(caseNotes.id, id), eq(caseNotes.version, version)))
    .returning({ id: caseNotes.id });
  return row?.id;
}

/** An appointment, with whom, and its case's site's zone: its local time is that zone's. */
export type AppointmentRow = typeof appointments.$inferSelect & {
  withName: string;
  timeZone: string;
};

const appointmentColumns = {
  appointment: appointments,
  withName: accounts.displayName,
  timeZone: sites.timeZone,
};

/** A case's appointments, soonest first. */
export async function selectCaseAppointments(
  db: Database,
  caseId: string,
): Promise<AppointmentRow[]> {
  const rows = await db
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(accounts, eq(accounts.id, appointments.withAccountId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(appointments.caseId, caseId))
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
  return rows.map((r) => ({ ...r.appointment, withName: r.withName, timeZone: r.timeZone }));
}

export async function findAppointment(
  db: Database,
  id: string,
): Promise<AppointmentRow | undefined> {
  const [row] = await db
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(accounts, eq(accounts.id, appointments.withAccountId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(appointments.id, id));
  return row ? { ...row.appointment, withName: row.withName, timeZone: row.timeZone } : undefined;
}

export async function insertAppointment(
  db: Database,
  values: typeof appointments.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(appointments).values(values).returning({ id: appointments.id });
  if (!row) throw new Error('insert into appointments returned no row');
  return row.id;
}

export type AppointmentPatch = Partial<
  Pick<
    typeof appointments.$inferInsert,
    | 'startsAt'
    | 'durationMinutes'
    | 'mode'
    | 'place'
    | 'note'
    | 'withAccountId'
    | 'status'
    | 'contactId'
    | 'invitedAt'
  >
>;

/** Changes an appointment at the version read; the new version, or undefined when stale. */
export async function updateAppointmentAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: AppointmentPatch,
): Promise<number | undefined> {
  const [row] = await db
    .update(appointments)
    .set({ ...patch, version: sql`${appointments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(appointments.id, id), eq(appointments.version, version)))
    .returning({ version: appointments.version });
  return row?.version;
}

/** Sets when the person was last sent an invitation, without a new version. */
export async function markAppointmentInvited(db: Database, id: string, at: Date): Promise<void> {
  await db.update(appointments).set({ invitedAt: at }).where(eq(appointments.id, id));
}

export type LinkWorker = { id: string; name: string };

/** Active link workers of a site, by name. */
export async function selectSiteLinkWorkers(db: Database, siteId: string): Promise<LinkWorker[]> {
  return db
    .selectDistinct({ id: accounts.id, name: accounts.displayName })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .where(
      and(
        eq(roleGrants.role, 'link_worker'),
        eq(roleGrants.siteId, siteId),
        eq(accounts.active, true),
      ),
    )
    .orderBy(asc(accounts.displayName), asc(accounts.id));
}

export type InvitationContext = {
  personName: string;
  email: string | null;
  phone: string | null;
  contactPreference: ContactPreference;
  locale: 'fr' | 'en';
  siteName: string;
  /** The site's zone: the time the person is told. */
  timeZone: string;
};

/** What an invitation to the person needs: their name, how to reach them and language, and the site. */
export async function findInvitationContext(
  db: Database,
  caseId: string,
): Promise<InvitationContext | undefined> {
  const rows = await db.execute<{
    person_name: string;
    email: string | null;
    phone: string | null;
    contact_preference: ContactPreference;
    locale: 'fr' | 'en';
    site_name: string;
    time_zone: string;
  }>(sql`
    select p.given_name || ' ' || p.family_name as person_name, p.email, p.phone,
           p.contact_preference, p.preferred_language as locale, s.name as site_name, s.time_zone
      from cases c
      join people p on p.id = c.person_id
      join sites s on s.id = c.site_id
     where c.id = ${caseId}`);
  const row = rows.rows[0];
  return row
    ? {
        personName: row.person_name,
        email: row.email,
        phone: row.phone,
        contactPreference: row.contact_preference,
        locale: row.locale,
        siteName: row.site_name,
        timeZone: row.time_zone,
      }
    : undefined;
}

export type AgendaRow = {
  id: string;
  caseId: string;
  caseReference: string;
  personName: string;
  startsAt: Date;
  durationMinutes: number;
  mode: 'in_person' | 'phone' | 'video';
  place: string | null;
  status: 'planned' | 'held' | 'missed' | 'cancelled';
  /** The case's site's zone: the appointment's local time. */
  timeZone: string;
};

/** An account's appointments starting in [from, to), on cases of the given sites. */
export async function selectAgenda(
  db: Database,
  accountId: string,
  siteIds: string[],
  from: Date,
  to: Date,
): Promise<AgendaRow[]> {
  if (siteIds.length === 0) return [];
  return db
    .select({
      id: appointments.id,
      caseId: appointments.caseId,
      caseReference: cases.reference,
      personName: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      mode: appointments.mode,
      place: appointments.place,
      status: appointments.status,
      timeZone: sites.timeZone,
    })
    .from(appointments)
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(
      and(
        eq(appointments.withAccountId, accountId),
        inArray(cases.siteId, siteIds),
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
}

/** The zones of the sites, in the order the ids are given. */
export async function selectSiteTimeZones(db: Database, siteIds: string[]): Promise<string[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select({ id: sites.id, timeZone: sites.timeZone })
    .from(sites)
    .where(inArray(sites.id, siteIds));
  const byId = new Map(rows.map((row) => [row.id, row.timeZone]));
  return siteIds.flatMap((id) => {
    const zone = byId.get(id);
    return zone ? [zone] : [];
  });
}
