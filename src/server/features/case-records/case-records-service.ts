import type {
  AddCaseNoteBody,
  Agenda,
  AgendaQuery,
  Appointment,
  AppointmentList,
  CaseNote,
  CaseNoteList,
  ChangeAppointmentStatusBody,
  CreateAppointmentBody,
  EditCaseNoteBody,
  UpdateAppointmentBody,
} from '../../../shared/contracts/case-records';
import type { CaseStatus } from '../../../shared/pathway';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { canMessagePerson } from '../../platform/sms/person-channel';
import { addDays, dayIn, defaultTimeZone, startOfDayIn } from '../../../shared/time-zones';
import { caseSubject, recordAudit } from '../audit';
import {
  type CaseRow,
  canWorkOnCases,
  caseSiteIds,
  isClosed,
  requireCase,
  requireOpenCase,
  writeContact,
} from '../cases';
import { type InvitationKind, queueAppointmentInvitation } from './appointment-invitations';
import {
  assertAppointmentPlanned,
  assertAppointmentStarted,
  assertAppointmentTransition,
  assertCanEditNote,
} from './case-records-policy';
import { presentAgendaItem, presentAppointment, presentNote } from './case-records-presenter';
import {
  type AppointmentPatch,
  type AppointmentRow,
  type NoteRow,
  findAppointment,
  findCaseNote,
  findInvitationContext,
  insertAppointment,
  insertCaseNote,
  markAppointmentInvited,
  selectAgenda,
  selectSiteTimeZones,
  selectCaseAppointments,
  selectCaseNotes,
  selectSiteLinkWorkers,
  updateAppointmentAtVersion,
  updateCaseNoteAtVersion,
} from './case-records-queries';

const canChange = (row: CaseRow): boolean => !isClosed(row.status as CaseStatus);
const blankToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text.trim() === '' ? null : text.trim();

// Notes

export async function listCaseNotes(
  db: Database,
  actor: Actor,
  caseId: string,
  now: Date = new Date(),
): Promise<CaseNoteList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const notes = await selectCaseNotes(tx, caseId);
    await recordAudit(tx, actor, {
      action: 'case_notes.viewed',
      ...caseSubject(row),
      details: { count: notes.length },
    });
    return {
      items: notes.map((note) => presentNote(note, actor, now)),
      permissions: { canAdd: canChange(row) },
    };
  });
}

/** A new note, or a correction of an earlier one of the same case, which stays as it was. */
export async function addCaseNote(
  db: Database,
  actor: Actor,
  caseId: string,
  input: AddCaseNoteBody,
  now: Date = new Date(),
): Promise<CaseNote> {
  return db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    if (input.amendsId) {
      const earlier = await findCaseNote(tx, input.amendsId);
      if (earlier?.caseId !== caseId) {
        throw new AppError('amended_note_invalid', { field: 'amendsId' });
      }
    }
    const id = await insertCaseNote(tx, {
      caseId,
      body: input.body,
      authorId: actor.accountId,
      amendsId: input.amendsId ?? null,
    });
    await recordAudit(tx, actor, {
      action: input.amendsId ? 'case_note.amended' : 'case_note.added',
      ...caseSubject(row),
      details: { noteId: id, ...(input.amendsId ? { amendsId: input.amendsId } : {}) },
    });
    return presentNote(await readNote(tx, id), actor, now);
  });
}

/** Its author changes a note within the window, at the version they read. */
export async function editCaseNote(
  db: Database,
  actor: Actor,
  noteId: string,
  input: EditCaseNoteBody,
  now: Date = new Date(),
): Promise<CaseNote> {
  const refused = { subjectType: 'case_note', subjectId: noteId } as const;
  if (!canWorkOnCases(actor)) throw forbidden(refused);
  return db.transaction(async (tx) => {
    const note = await findCaseNote(tx, noteId);
    if (!note) throw notFound(refused);
    const row = await requireOpenCase(tx, actor, note.caseId);
    assertCanEditNote(actor, note, now, row.siteId);
    const saved = await updateCaseNoteAtVersion(tx, noteId, input.version, input.body);
    if (!saved) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'case_note.edited',
      ...caseSubject(row),
      details: { noteId },
    });
    return presentNote(await readNote(tx, noteId), actor, now);
  });
}

async function readNote(tx: Database, id: string): Promise<NoteRow> {
  const note = await findCaseNote(tx, id);
  if (!note) throw new Error('the note just written cannot be read back');
  return note;
}

// Appointments

export async function listAppointments(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<AppointmentList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const items = await selectCaseAppointments(tx, caseId);
    const linkWorkers = await selectSiteLinkWorkers(tx, row.siteId);
    const person = await findInvitationContext(tx, caseId);
    await recordAudit(tx, actor, {
      action: 'appointments.viewed',
      ...caseSubject(row),
      details: { count: items.length },
    });
    return {
      items: items.map(presentAppointment),
      linkWorkers,
      personHasEmail: Boolean(person?.email),
      timeZone: person?.timeZone ?? defaultTimeZone,
      permissions: { canEdit: canChange(row) },
    };
  });
}

/** The appointment is with the caller, or with another link worker of the case's site. */
async function checkWithWhom(
  tx: Database,
  actor: Actor,
  row: CaseRow,
  withAccountId: string | undefined,
): Promise<string> {
  const chosen = withAccountId ?? actor.accountId;
  if (chosen === actor.accountId) return chosen;
  const linkWorkers = await selectSiteLinkWorkers(tx, row.siteId);
  if (!linkWorkers.some((w) => w.id === chosen)) {
    throw new AppError('not_a_link_worker_of_site', { field: 'withAccountId' });
  }
  return chosen;
}

type InvitationArgs = {
  kind: InvitationKind;
  appointmentId: string;
  version: number;
  now: Date;
};

/**
 * Sends the person the invitation, its update or its cancellation, by text or email as they
 * prefer; false when they can be reached by neither.
 */
async function invite(tx: Database, config: Config, args: InvitationArgs): Promise<boolean> {
  const appointment = await readAppointment(tx, args.appointmentId);
  const person = await findInvitationContext(tx, appointment.caseId);
  if (!person || !canMessagePerson(config, person)) return false;
  await queueAppointmentInvitation(tx, config, {
    kind: args.kind,
    appointment,
    person,
    version: args.version,
    now: args.now,
  });
  await markAppointmentInvited(tx, args.appointmentId, args.now);
  return true;
}

async function requirePersonEmail(tx: Database, config: Config, caseId: string): Promise<void> {
  const person = await findInvitationContext(tx, caseId);
  if (!person || !canMessagePerson(config, person))
    throw new AppError('invitation_needs_email', { field: 'sendInvitation' });
}

export async function createAppointment(
  db: Database,
  config: Config,
  actor: Actor,
  caseId: string,
  input: CreateAppointmentBody,
  now: Date = new Date(),
): Promise<Appointment> {
  return db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    const withAccountId = await checkWithWhom(tx, actor, row, input.withAccountId);
    if (input.sendInvitation) await requirePersonEmail(tx, config, caseId);
    const id = await insertAppointment(tx, {
      caseId,
      withAccountId,
      startsAt: new Date(input.startsAt),
      durationMinutes: input.durationMinutes,
      mode: input.mode,
      place: blankToNull(input.place),
      note: blankToNull(input.note),
      createdBy: actor.accountId,
    });
    const invited = input.sendInvitation
      ? await invite(tx, config, {
          kind: 'invite',
          appointmentId: id,
          version: 1,
          now,
        })
      : false;
    await recordAudit(tx, actor, {
      action: 'appointment.planned',
      ...caseSubject(row),
      details: { appointmentId: id, mode: input.mode, invited },
    });
    return presentAppointment(await readAppointment(tx, id));
  });
}

/** The appointment and its case, for a change by someone who may work on that case. */
async function requireAppointment(
  tx: Database,
  actor: Actor,
  id: string,
): Promise<{ appointment: AppointmentRow; row: CaseRow }> {
  const refused = { subjectType: 'appointment', subjectId: id } as const;
  if (!canWorkOnCases(actor)) throw forbidden(refused);
  const appointment = await findAppointment(tx, id);
  if (!appointment) throw notFound(refused);
  const row = await requireOpenCase(tx, actor, appointment.caseId);
  return { appointment, row };
}

/**
 * Reschedules or changes a planned appointment. A person already invited gets the update
 * (same calendar event, next sequence); one not yet invited gets an invitation if asked.
 */
export async function updateAppointment(
  db: Database,
  config: Config,
  actor: Actor,
  id: string,
  input: UpdateAppointmentBody,
  now: Date = new Date(),
): Promise<Appointment> {
  return db.transaction(async (tx) => {
    const { appointment, row } = await requireAppointment(tx, actor, id);
    assertAppointmentPlanned(appointment.status);
    const withAccountId = await checkWithWhom(tx, actor, row, input.withAccountId);
    if (input.sendInvitation && !appointment.invitedAt) {
      await requirePersonEmail(tx, config, row.id);
    }
    const patch: AppointmentPatch = {
      startsAt: new Date(input.startsAt),
      durationMinutes: input.durationMinutes,
      mode: input.mode,
      place: blankToNull(input.place),
      note: blankToNull(input.note),
      withAccountId,
    };
    const version = await updateAppointmentAtVersion(tx, id, input.version, patch);
    if (version === undefined) throw staleVersion();
    const kind: InvitationKind | null = appointment.invitedAt
      ? 'update'
      : input.sendInvitation
        ? 'invite'
        : null;
    const invited = kind
      ? await invite(tx, config, {
          kind,
          appointmentId: id,
          version,
          now,
        })
      : false;
    await recordAudit(tx, actor, {
      action: 'appointment.changed',
      ...caseSubject(row),
      details: {
        appointmentId: id,
        rescheduled: appointment.startsAt.getTime() !== new Date(input.startsAt).getTime(),
        invited,
      },
    });
    return presentAppointment(await readAppointment(tx, id));
  });
}

const channelOf = { in_person: 'in_person', phone: 'phone', video: 'video' } as const;

/**
 * Held, missed or cancelled. Held records the contact with the person in the same
 * transaction, as the contacts form does (so it may be the case's first contact); a
 * cancelled appointment the person was invited to is cancelled in their calendar too.
 */
export async function changeAppointmentStatus(
  db: Database,
  config: Config,
  actor: Actor,
  id: string,
  input: ChangeAppointmentStatusBody,
  now: Date = new Date(),
): Promise<Appointment> {
  return db.transaction(async (tx) => {
    const { appointment, row } = await requireAppointment(tx, actor, id);
    assertAppointmentTransition(appointment.status, input.status);
    if (input.status !== 'cancelled') assertAppointmentStarted(appointment.startsAt, now);
    const patch: AppointmentPatch = { status: input.status };
    if (input.status === 'held') {
      const written = await writeContact(tx, actor, row, {
        channel: channelOf[appointment.mode],
        outcome: 'reached',
        occurredAt: appointment.startsAt,
        durationMinutes: appointment.durationMinutes,
        notes: appointment.note,
      });
      patch.contactId = written.contactId;
    }
    const version = await updateAppointmentAtVersion(tx, id, input.version, patch);
    if (version === undefined) throw staleVersion();
    const invited =
      input.status === 'cancelled' && appointment.invitedAt
        ? await invite(tx, config, {
            kind: 'cancel',
            appointmentId: id,
            version,
            now,
          })
        : false;
    await recordAudit(tx, actor, {
      action: `appointment.${input.status}`,
      ...caseSubject(row),
      details: {
        appointmentId: id,
        ...(patch.contactId ? { contactId: patch.contactId } : {}),
        ...(invited ? { cancellationSent: true } : {}),
      },
    });
    return presentAppointment(await readAppointment(tx, id));
  });
}

async function readAppointment(tx: Database, id: string): Promise<AppointmentRow> {
  const appointment = await findAppointment(tx, id);
  if (!appointment) throw new Error('the appointment just written cannot be read back');
  return appointment;
}

// Agenda

/** The calendar days from one to another, both included. */
function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 9; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The caller's own appointments of a day or a week (or, as asked, between two instants).
 * The agenda is one person's working day, so its days are cut in one zone: that of the first
 * site where they work on cases, the one they most likely sit at. A link worker of sites in
 * two zones would otherwise see one list with two "todays"; each appointment still carries
 * its own site's zone, and the screen shows its time there.
 */
export async function getAgenda(
  db: Database,
  actor: Actor,
  query: AgendaQuery,
  now: Date = new Date(),
): Promise<Agenda> {
  if (!canWorkOnCases(actor)) throw forbidden({ subjectType: 'case' });
  const siteIds = caseSiteIds(actor);
  return db.transaction(async (tx) => {
    const [timeZone = defaultTimeZone] = await selectSiteTimeZones(tx, siteIds);
    let from: Date;
    let to: Date;
    let days: string[];
    if (query.from !== undefined && query.to !== undefined) {
      from = new Date(query.from);
      to = new Date(query.to);
      // A week and a day at most: the screen asks for a day or a week.
      if (!(to > from) || to.getTime() - from.getTime() > 8 * 86_400_000) {
        throw new AppError('bad_request', { field: 'to' });
      }
      days = daysBetween(dayIn(from, timeZone), dayIn(new Date(to.getTime() - 1), timeZone));
    } else {
      const day = query.day ?? dayIn(now, timeZone);
      const first = query.view === 'week' ? mondayOf(day) : day;
      days = daysBetween(first, addDays(first, query.view === 'week' ? 6 : 0));
      from = startOfDayIn(first, timeZone);
      to = startOfDayIn(addDays(first, days.length), timeZone);
    }
    const rows = await selectAgenda(tx, actor.accountId, siteIds, from, to);
    await recordAudit(tx, actor, {
      action: 'agenda.viewed',
      subjectType: 'account',
      subjectId: actor.accountId,
      details: { from: from.toISOString(), to: to.toISOString(), count: rows.length },
    });
    return { items: rows.map(presentAgendaItem), timeZone, days };
  });
}

/** The Monday of a calendar day's week. */
function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}
