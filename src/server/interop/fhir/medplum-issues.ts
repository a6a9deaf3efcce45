import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FhirIssue, FhirMessage } from './operation-outcome';

/** FHIRPath names a choice element without its `[x]`: `Condition.onset`. */
export const fhirPath = (path: string): string => path.replace(/\[x\]/g, '');

type Rule = [RegExp, (match: RegExpExecArray) => FhirMessage];

// @medplum/core says its findings in English; these are the ones it has, in our words.
const rules: Rule[] = [
  [
    /^Invalid additional property "(.*)"$/,
    (m) => ({ key: 'unknown_element', params: { name: m[1] ?? '' } }),
  ],
  [/^Missing required property$/, () => ({ key: 'element_required' })],
  [
    /^Invalid number of values: expected (\S+), but found (\d+)$/,
    (m) => ({ key: 'cardinality', params: { expected: m[1] ?? '', found: m[2] ?? '' } }),
  ],
  [
    /^Invalid JSON type: expected (\w+), but got (\w+)$/,
    (m) => ({ key: 'wrong_json_type', params: { expected: m[1] ?? '', found: m[2] ?? '' } }),
  ],
  [/^Invalid (\w+) format$/, (m) => ({ key: 'invalid_format', params: { type: m[1] ?? '' } })],
  [/^Expected array of values for property$/, () => ({ key: 'array_expected' })],
  [/^Expected single value for property$/, () => ({ key: 'single_value_expected' })],
  [
    /^(Invalid empty value|Invalid empty non-primitive value|Invalid null value|Invalid undefined value|String must contain non-whitespace content)$/,
    () => ({ key: 'empty_value' }),
  ],
  [
    /^Constraint (\S+) not met: (.*)$/s,
    (m) => ({ key: 'constraint', params: { key: m[1] ?? '', rule: m[2] ?? '' } }),
  ],
  [
    /^Unknown data type: (.*)$/,
    (m) => ({ key: 'unknown_resource_type', params: { type: m[1] ?? '' } }),
  ],
];

/** A @medplum/core validation issue in our words, keeping its type and path. */
export function fromMedplumIssue(issue: OperationOutcomeIssue): FhirIssue {
  const text = issue.details?.text ?? issue.diagnostics ?? '';
  let message: FhirMessage = { key: 'invalid_value', params: { detail: text } };
  for (const [pattern, toMessage] of rules) {
    const match = pattern.exec(text);
    if (match) {
      message = toMessage(match);
      break;
    }
  }
  const expression = issue.expression?.[0];
  return {
    severity: issue.severity,
    code: issue.code,
    message,
    ...(expression ? { expression: fhirPath(expression) } : {}),
  };
}
