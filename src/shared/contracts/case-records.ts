import { z } from 'zod';
import { CalendarDate, Id, Version } from './common';

/*
 * What a link worker keeps beside a case in a day's work: dated notes (changed by their
 * author for a short while, then amended by a new note) and appointments with the person,
 * which fill the link worker's agenda.
 */

export const appointmentModes = ['in_person', 'phone', 'video'] as const;
export type AppointmentMode = (typeof appointmentModes)[number];
export const appointmentStatuses = ['planned', 'held', 'missed', 'cancelled'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** Minutes during which the author of a note may still change it. */
export const noteEditMinutes = 15;

const NoteBody = z.string().trim().min(1).max(8000);
const ShortText = z.string().trim().max(500);
export const CaseNote = z.object({
  id: Id,
  caseId: Id,
  body: z.string(),
  authorId: Id,
  authorName: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: Version,
  /** The earlier note this one corrects, by its date: it stays readable beside it. */
  amends: z.object({ id: Id, createdAt: z.iso.datetime() }).nullable(),
  /** Whether the caller may still change it (their own note, within the window). */
  canEdit: z.boolean(),
  /** Until when its author may change it. */
  editableUntil: z.iso.datetime(),
});
export type CaseNote = z.infer<typeof CaseNote>;

export const CaseNoteList = z.object({
  /** Newest first. */
  items: z.array(CaseNote),
  permissions: z.object({ canAdd: z.boolean() }),
});
export type CaseNoteList = z.infer<typeof CaseNoteList>;

export const AddCaseNoteBody = z.object({
  body: NoteBody,
  /** The earlier note of the same case that this one corrects. */
  amendsId: Id.optional(),
});
export type AddCaseNoteBody = z.infer<typeof AddCaseNoteBody>;

export const EditCaseNoteBody = z.object({ body: NoteBody, version: Version });
export type EditCaseNoteBody = z.infer<typeof EditCaseNoteBody>;

export const AppointmentModeSchema = z.enum(appointmentModes);
export const AppointmentStatusSchema = z.enum(appointmentStatuses);

export const Appointment = z.object({
  id: Id,
  caseId: Id,
  startsAt: z.iso.datetime(),
  durationMinutes: z.int32(),
  mode: AppointmentModeSchema,
  place: z.string().nullable(),
  note: z.string().nullable(),
  status: AppointmentStatusSchema,
  withAccountId: Id,
  withName: z.string(),
  /** The contact recorded when it was marked held. */
  contactId: Id.nullable(),
  /** When an invitation was last emailed to the person. */
  invitedAt: z.iso.datetime().nullable(),
  /** The case's site's IANA zone: the appointment's time is shown, typed and emailed in it. */
  timeZone: z.string(),
  version: Version,
});
export type Appointment = z.infer<typeof Appointment>;

export const AppointmentList = z.object({
  /** Soonest first. */
  items: z.array(Appointment),
  /** Whom an appointment may be with: the link workers of the case's site. */
  linkWorkers: z.array(z.object({ id: Id, name: z.string() })),
  /** An invitation can be emailed only to a person with an email address. */
  personHasEmail: z.boolean(),
  /** The case's site's IANA zone: a new appointment's date and time are typed in it. */
  timeZone: z.string(),
  permissions: z.object({ canEdit: z.boolean() }),
});
export type AppointmentList = z.infer<typeof AppointmentList>;

const appointmentFields = {
  /** An instant: the web reads the typed date and time in the case's site's zone. */
  startsAt: z.iso.datetime({ offset: true }),
  durationMinutes: z.int32().min(5).max(480),
  mode: AppointmentModeSchema,
  place: ShortText.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  /** Defaults to the caller. */
  withAccountId: Id.optional(),
};

export const CreateAppointmentBody = z.object({
  ...appointmentFields,
  /** Email the person an invitation with a calendar file. */
  sendInvitation: z.boolean().default(false),
});
export type CreateAppointmentBody = z.input<typeof CreateAppointmentBody>;

/** Reschedules or changes a planned appointment; an invited person gets the update. */
export const UpdateAppointmentBody = z.object({
  ...appointmentFields,
  version: Version,
  sendInvitation: z.boolean().default(false),
});
export type UpdateAppointmentBody = z.input<typeof UpdateAppointmentBody>;

export const ChangeAppointmentStatusBody = z.object({
  status: z.enum(['held', 'missed', 'cancelled']),
  version: Version,
});
export type ChangeAppointmentStatusBody = z.input<typeof ChangeAppointmentStatusBody>;

export const agendaViews = ['day', 'week'] as const;
export type AgendaView = (typeof agendaViews)[number];

/**
 * A day or the week (Monday first) around a day, today when left out, in the agenda's zone;
 * or, as before, any span of at most 8 days between two instants.
 */
export const AgendaQuery = z
  .object({
    day: CalendarDate.optional(),
    view: z.enum(agendaViews).default('day'),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((query) => (query.from === undefined) === (query.to === undefined), {
    path: ['to'],
    message: 'invalid',
  });
export type AgendaQuery = z.infer<typeof AgendaQuery>;

export const AgendaItem = z.object({
  id: Id,
  caseId: Id,
  caseReference: z.string(),
  personName: z.string(),
  startsAt: z.iso.datetime(),
  durationMinutes: z.int32(),
  mode: AppointmentModeSchema,
  place: z.string().nullable(),
  status: AppointmentStatusSchema,
  /** The case's site's IANA zone: the appointment's time is shown in it. */
  timeZone: z.string(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Agenda = z.object({
  items: z.array(AgendaItem),
  /**
   * The zone the agenda's days are cut in: that of the first site where the link worker
   * works on cases. An appointment of a site in another zone says its own zone.
   */
  timeZone: z.string(),
  /** The calendar days shown, first to last (one for a day, seven for a week). */
  days: z.array(CalendarDate),
});
export type Agenda = z.infer<typeof Agenda>;
