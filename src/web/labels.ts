import { useT } from './i18n';
import type { Locale } from '../shared/locale';
import type { OrganisationKind, Role } from '../shared/roles';
import {
  type AuditAction,
  type AuditSubjectType,
  auditActions,
  auditSubjectTypes,
} from '../shared/audit-actions';

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

export type Labels = {
  role: (role: Role) => string;
  organisationKind: (kind: OrganisationKind) => string;
  locale: (locale: Locale) => string;
  auditAction: (action: string) => string;
  auditOutcome: (outcome: AuditOutcome) => string;
  subjectType: (type: string) => string;
  /** A person's name, or that it was anonymised (retention, erasure): nothing is left of it. */
  personName: (name: string) => string;
};

/** Translated names for the codes the API speaks in; unknown codes show as they are. */
export function useLabels(): Labels {
  const { t } = useT();
  return {
    role: (role) => t(`roles.${role}`),
    organisationKind: (kind) => t(`organisationKinds.${kind}`),
    locale: (locale) => t(`language.${locale}`),
    auditAction: (action) => (isOneOf(auditActions, action) ? t(auditActionKey(action)) : action),
    auditOutcome: (outcome) => t(`audit.outcomes.${outcome}`),
    subjectType: (type) =>
      isOneOf<AuditSubjectType>(auditSubjectTypes, type) ? t(`audit.subjectTypes.${type}`) : type,
    personName: (name) => name.trim() || t('personRecord.anonymisedName'),
  };
}
