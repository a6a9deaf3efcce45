import type { FhirIssue } from './operation-outcome';

/**
 * The empty values FHIR's JSON forbids (`""`, `[]`, `{}`), which @medplum/core reads as
 * absent and so lets through, each at its path in the JSON (`Patient.name[0].given`), in
 * document order. A walk with its own stack: the parser already bounds depth, and this
 * adds no recursion.
 */
export function emptyValueIssues(resource: Record<string, unknown>, type: string): FhirIssue[] {
  const issues: FhirIssue[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: resource, path: type }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, path } = next;
    if (path !== type && isEmptyValue(value)) {
      issues.push({ code: 'structure', message: { key: 'empty_value' }, expression: path });
      continue;
    }
    const children: { value: unknown; path: string }[] = Array.isArray(value)
      ? value.map((item: unknown, index) => ({ value: item, path: `${path}[${index}]` }))
      : typeof value === 'object' && value !== null
        ? Object.entries(value).map(([key, item]) => ({ value: item, path: `${path}.${key}` }))
        : [];
    stack.push(...children.reverse());
  }
  return issues;
}

export function isEmptyValue(value: unknown): boolean {
  if (value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
