/**
 * The case screen's sections, in the order a case goes: each one has its own address
 * (/cases/:id for the overview, /cases/:id/<section> for the others).
 */
export const caseSections = [
  'overview',
  'contacts',
  'what-matters',
  'plan',
  'connections',
  'outcomes',
  'history',
] as const;
export type CaseSection = (typeof caseSections)[number];

export function isCaseSection(value: string): value is CaseSection {
  return (caseSections as readonly string[]).includes(value);
}

export function caseSectionPath(caseId: string, section: CaseSection): string {
  return section === 'overview' ? `/cases/${caseId}` : `/cases/${caseId}/${section}`;
}
