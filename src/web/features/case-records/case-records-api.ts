import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  AddCaseNoteBody,
  Agenda,
  AgendaView,
  Appointment,
  AppointmentList,
  CaseNote,
  CaseNoteList,
  ChangeAppointmentStatusBody,
  CreateAppointmentBody,
  EditCaseNoteBody,
  UpdateAppointmentBody,
} from '../../../shared/contracts/case-records';
import { apiRequest } from '../../api';

export const notesKey = (caseId: string): readonly string[] => ['case-records', caseId, 'notes'];
export const appointmentsKey = (caseId: string): readonly string[] => [
  'case-records',
  caseId,
  'appointments',
];
export const agendaKey = ['agenda'] as const;
/** The case screen's own query (features/cases): a held appointment adds a contact to it. */
export const caseKey = (caseId: string): readonly string[] => ['cases', 'one', caseId];

export function useCaseNotes(caseId: string): UseQueryResult<CaseNoteList> {
  return useQuery({
    queryKey: notesKey(caseId),
    queryFn: () => apiRequest<CaseNoteList>('GET', `/api/cases/${caseId}/notes`),
  });
}

export function addNote(caseId: string, body: AddCaseNoteBody): Promise<CaseNote> {
  return apiRequest<CaseNote>('POST', `/api/cases/${caseId}/notes`, { body });
}

export function editNote(id: string, body: EditCaseNoteBody): Promise<CaseNote> {
  return apiRequest<CaseNote>('PATCH', `/api/case-notes/${id}`, { body });
}

export function useAppointments(caseId: string): UseQueryResult<AppointmentList> {
  return useQuery({
    queryKey: appointmentsKey(caseId),
    queryFn: () => apiRequest<AppointmentList>('GET', `/api/cases/${caseId}/appointments`),
  });
}

export function createAppointment(
  caseId: string,
  body: CreateAppointmentBody,
): Promise<Appointment> {
  return apiRequest<Appointment>('POST', `/api/cases/${caseId}/appointments`, { body });
}

export function updateAppointment(id: string, body: UpdateAppointmentBody): Promise<Appointment> {
  return apiRequest<Appointment>('PUT', `/api/appointments/${id}`, { body });
}

export function changeAppointmentStatus(
  id: string,
  body: ChangeAppointmentStatusBody,
): Promise<Appointment> {
  return apiRequest<Appointment>('POST', `/api/appointments/${id}/status`, { body });
}

/** A day or a week of the agenda; today's (in the agenda's zone) without a day. */
export function useAgenda(view: AgendaView, day: string | null): UseQueryResult<Agenda> {
  const query = { view, ...(day ? { day } : {}) };
  return useQuery({
    queryKey: [...agendaKey, view, day],
    queryFn: () => apiRequest<Agenda>('GET', '/api/agenda', { query }),
  });
}
