import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { resources } from '../../../shared/locales';
import type { Locale } from '../../../shared/locale';
import { translatorFor } from '../../platform/i18n';

/** The words of a FHIR issue: a key of the `fhir` group of errors.json, in both languages. */
export type FhirMessageKey = keyof (typeof resources)['en']['errors']['fhir'];

export type FhirMessage = { key: FhirMessageKey; params?: Record<string, string | number> };

/** One problem found, before it is put in the caller's language. */
export type FhirIssue = {
  severity?: 'fatal' | 'error' | 'warning' | 'information';
  code: OperationOutcomeIssue['code'];
  message: FhirMessage;
  /** The FHIRPath of the element at fault, e.g. `Task.authoredOn` or `Bundle.entry[0].resource.gender`. */
  expression?: string;
};

/** A refusal under /fhir/R4: its HTTP status and issues, answered as an OperationOutcome. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: FhirIssue[],
    /** Headers the refusal needs (WWW-Authenticate on a 401). */
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((issue) => issue.message.key).join(', '));
    this.name = 'FhirError';
  }
}

/** The issue type that says what an HTTP status means, for errors that have no better one. */
export function issueTypeOfStatus(status: number): OperationOutcomeIssue['code'] {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
    case 406:
    case 415:
      return 'not-supported';
    case 409:
    case 412:
      return 'conflict';
    case 410:
      return 'deleted';
    case 413:
      return 'too-costly';
    case 422:
      return 'business-rule';
    case 429:
      return 'throttled';
    case 503:
      return 'transient';
    default:
      return status >= 500 ? 'exception' : 'invalid';
  }
}

/** An OperationOutcome of translated issues; one that says all is well when there are none. */
export function operationOutcome(issues: FhirIssue[], locale: Locale): OperationOutcome {
  const t = translatorFor(locale);
  const said: FhirIssue[] = issues.length
    ? issues
    : [{ severity: 'information', code: 'informational', message: { key: 'all_ok' } }];
  return {
    resourceType: 'OperationOutcome',
    issue: said.map((issue) => ({
      severity: issue.severity ?? 'error',
      code: issue.code,
      diagnostics: t(`fhir.${issue.message.key}`, issue.message.params),
      ...(issue.expression ? { expression: [issue.expression] } : {}),
    })),
  };
}

/** An OperationOutcome for a message already translated elsewhere (an AppError's). */
export function outcomeOfText(
  status: number,
  diagnostics: string,
  expression?: string,
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 500 ? 'fatal' : 'error',
        code: issueTypeOfStatus(status),
        diagnostics,
        ...(expression ? { expression: [expression] } : {}),
      },
    ],
  };
}
