import { useT } from '../../i18n';
import {
  type AuditAction,
  type AuditSubjectType,
  auditActions,
  auditSubjectTypes,
} from '../../../shared/audit-actions';

export { auditActions };

// Translation keys cannot hold the dots of action codes: `case.taken` is `audit.actions.case_taken`.
type Underscored<S extends string> = S extends `${infer A}.${infer B}`
  ? `${A}_${Underscored<B>}`
  : S;
const auditActionKey = (action: AuditAction): `audit.actions.${Underscored<AuditAction>}` =>
  // The cast names what replaceAll does; the keys it yields are checked against the locale files.
  `audit.actions.${action.replaceAll('.', '_')}` as `audit.actions.${Underscored<AuditAction>}`;

// Mirrors auditOutcomes in the audit contract, without pulling zod into the bundle.
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export type AuditLabels = {
  action: (action: string) => string;
  outcome: (outcome: AuditOutcome) => string;
  subjectType: (type: string) => string;
};

/**
 * The audit trail's codes in words; apart from the app's other labels (labels.ts), as only
 * the audit screen shows them and its strings are that screen's alone.
 */
export function useAuditLabels(): AuditLabels {
  const { t } = useT();
  return {
    action: (action) => (isOneOf(auditActions, action) ? t(auditActionKey(action)) : action),
    outcome: (outcome) => t(`audit.outcomes.${outcome}`),
    subjectType: (type) =>
      isOneOf<AuditSubjectType>(auditSubjectTypes, type) ? t(`audit.subjectTypes.${type}`) : type,
  };
}
