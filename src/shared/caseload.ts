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

/** A caseload's order and filters, as the screen's address gives them (absent: mine, by due). */
export type CaseloadView = {
  assignee: string;
  sort: CaseloadSort;
  stage?: OpenCaseStage | undefined;
  flag?: CaseloadFlag | undefined;
  due?: CaseloadDue | undefined;
};

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

/** The caseload's order and filters, read from the address so a reload or a link keeps them. */
export function caseloadViewFrom(params: URLSearchParams): CaseloadView {
  return {
    assignee: params.get('assignee') ?? 'me',
    sort: oneOf(caseloadSorts, params.get('sort')) ?? 'due',
    stage: oneOf(openCaseStages, params.get('stage')),
    flag: oneOf(caseloadFlags, params.get('flag')),
    due: oneOf(caseloadDues, params.get('due')),
  };
}

/**
 * The API address of a caseload view. One function for the screen and the server's page, which
 * has the browser fetch it early: the two addresses must be the same to the byte.
 */
export function caseloadApiPath(view: CaseloadView): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(view)) {
    if (typeof value === 'string' && value !== '') params.set(name, value);
  }
  return `/api/cases/caseload?${params.toString()}`;
}
