import { type AppointmentStatus, noteEditMinutes } from '../../../shared/contracts/case-records';
import type { Actor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { type Transition, assertTransition } from '../../platform/state-machine';

/*
 * Whoever may work on a case (requireCase decided that: its site's link workers and manager)
 * writes its notes and appointments. What is left to decide here is who may change a note
 * once written, and how an appointment's status may move.
 */

/** Until when the author may still change a note. */
export function noteEditableUntil(createdAt: Date): Date {
  return new Date(createdAt.getTime() + noteEditMinutes * 60_000);
}

export function canEditNote(
  actor: Actor,
  note: { authorId: string; createdAt: Date },
  now: Date,
): boolean {
  return note.authorId === actor.accountId && now < noteEditableUntil(note.createdAt);
}

/** Refuses a change to a note by anyone but its author, or after the window, saying why. */
export function assertCanEditNote(
  actor: Actor,
  note: { authorId: string; createdAt: Date; caseId: string },
  now: Date,
  siteId: string,
): void {
  if (note.authorId !== actor.accountId) {
    throw new AppError('note_not_author', {
      refused: { subjectType: 'case', subjectId: note.caseId, siteId },
    });
  }
  if (now >= noteEditableUntil(note.createdAt)) {
    throw new AppError('note_edit_window_closed', { params: { minutes: noteEditMinutes } });
  }
}

/** A planned appointment is held, missed or cancelled, once; then it stays as it is. */
const appointmentTransitions: readonly Transition<AppointmentStatus, 'case_worker'>[] = [
  { from: ['planned'], to: 'held', by: ['case_worker'] },
  { from: ['planned'], to: 'missed', by: ['case_worker'] },
  { from: ['planned'], to: 'cancelled', by: ['case_worker'] },
];

export function assertAppointmentTransition(from: AppointmentStatus, to: AppointmentStatus): void {
  if (from !== 'planned') throw new AppError('appointment_not_planned', { field: 'status' });
  assertTransition(appointmentTransitions, { from, to, by: 'case_worker' });
}

/** Only a planned appointment is rescheduled or changed. */
export function assertAppointmentPlanned(status: AppointmentStatus): void {
  if (status !== 'planned') throw new AppError('appointment_not_planned', { field: 'status' });
}

/** Tolerates a phone's clock a little ahead of the server's. */
const clockSkewMs = 5 * 60 * 1000;

/** Held or missed is said once the appointment has begun. */
export function assertAppointmentStarted(startsAt: Date, now: Date): void {
  if (startsAt.getTime() > now.getTime() + clockSkewMs) {
    throw new AppError('appointment_not_started', { field: 'status' });
  }
}
