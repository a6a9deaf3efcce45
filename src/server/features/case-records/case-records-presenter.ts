import type { AgendaItem, Appointment, CaseNote } from '../../../shared/contracts/case-records';
import type { Actor } from '../../platform/actor';
import { canEditNote, noteEditableUntil } from './case-records-policy';
import type { AgendaRow, AppointmentRow, NoteRow } from './case-records-queries';

export function presentNote(row: NoteRow, actor: Actor, now: Date): CaseNote {
  return {
    id: row.id,
    caseId: row.caseId,
    body: row.body,
    authorId: row.authorId,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    amends:
      row.amendsId && row.amendsCreatedAt
        ? { id: row.amendsId, createdAt: row.amendsCreatedAt.toISOString() }
        : null,
    canEdit: canEditNote(actor, row, now),
    editableUntil: noteEditableUntil(row.createdAt).toISOString(),
  };
}

export function presentAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    caseId: row.caseId,
    startsAt: row.startsAt.toISOString(),
    durationMinutes: row.durationMinutes,
    mode: row.mode,
    place: row.place,
    note: row.note,
    status: row.status,
    withAccountId: row.withAccountId,
    withName: row.withName,
    contactId: row.contactId,
    invitedAt: row.invitedAt?.toISOString() ?? null,
    timeZone: row.timeZone,
    version: row.version,
  };
}

export function presentAgendaItem(row: AgendaRow): AgendaItem {
  return { ...row, startsAt: row.startsAt.toISOString() };
}
