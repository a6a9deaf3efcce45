/**
 * How a caseload is sorted and filtered. Plain lists, apart from the zod contracts: the web
 * app's caseload screen imports them without the schema library.
 */
export const caseloadSorts = ['due', 'referred', 'name', 'stage'] as const;
export type CaseloadSort = (typeof caseloadSorts)[number];
/** Open cases are at one of these stages: closed ones leave the caseload. */
export const openCaseStages = [
  'waiting',
  'contacting',
  'accepted',
  'assessed',
  'planned',
  'connected',
] as const;
export type OpenCaseStage = (typeof openCaseStages)[number];
export const caseloadFlags = ['waiting_too_long', 'safeguarding'] as const;
export type CaseloadFlag = (typeof caseloadFlags)[number];
export const caseloadDues = ['overdue', 'this_week'] as const;
export type CaseloadDue = (typeof caseloadDues)[number];
