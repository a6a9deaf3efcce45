/**
 * The API addresses the case screen reads first: its case, and on the overview the case's
 * documents, the person's requests and what may be done with their record. One function each, used by the screen and by the server's page
 * (screens.ts), so that the browser's early fetch is the one the screen reuses.
 */
export function caseApiPath(caseId: string): string {
  return `/api/cases/${caseId}`;
}

export function caseDocumentsApiPath(caseId: string): string {
  return `/api/cases/${caseId}/documents`;
}

export function casePersonRequestsApiPath(caseId: string): string {
  return `/api/cases/${caseId}/person-requests`;
}

export function caseRecordActionsApiPath(caseId: string): string {
  return `/api/cases/${caseId}/person-record/actions`;
}
