export { AgendaPage } from './agenda-page';
export { CaseAppointmentsSection } from './case-appointments-section';
export { CaseNotesSection } from './case-notes-section';
