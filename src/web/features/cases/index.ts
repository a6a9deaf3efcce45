export { CasePage } from './case-page';
export { CaseloadPage } from './caseload-page';
export { TriagePage } from './triage-page';
