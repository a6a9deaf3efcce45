import { useT } from './i18n';
import type { Locale } from '../shared/locale';
import type { OrganisationKind, Role } from '../shared/roles';

export const auditActions = [
  'sign_in',
  'sign_out',
  'password.changed',
  'two_factor.enabled',
  'two_factor.disabled',
  'account.created',
  'account.updated',
  'account.password_set',
  'role.granted',
  'role.revoked',
  'organisation.created',
  'organisation.updated',
  'site.created',
  'site.updated',
] as const;
type AuditAction = (typeof auditActions)[number];

// Translation keys cannot contain the dots of action codes, so each action maps to a key.
const auditActionKeys = {
  sign_in: 'audit.actions.signIn',
  sign_out: 'audit.actions.signOut',
  'password.changed': 'audit.actions.passwordChanged',
  'two_factor.enabled': 'audit.actions.twoFactorEnabled',
  'two_factor.disabled': 'audit.actions.twoFactorDisabled',
  'account.created': 'audit.actions.accountCreated',
  'account.updated': 'audit.actions.accountUpdated',
  'account.password_set': 'audit.actions.accountPasswordSet',
  'role.granted': 'audit.actions.roleGranted',
  'role.revoked': 'audit.actions.roleRevoked',
  'organisation.created': 'audit.actions.organisationCreated',
  'organisation.updated': 'audit.actions.organisationUpdated',
  'site.created': 'audit.actions.siteCreated',
  'site.updated': 'audit.actions.siteUpdated',
} as const satisfies Record<AuditAction, string>;

// Mirrors auditOutcomes in the audit contract, without pulling zod into the bundle.
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

const subjectTypes = ['account', 'organisation', 'site'] as const;
type SubjectType = (typeof subjectTypes)[number];

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
};

/** Translated names for the codes the API speaks in; unknown codes show as they are. */
export function useLabels(): Labels {
  const { t } = useT();
  return {
    role: (role) => t(`roles.${role}`),
    organisationKind: (kind) => t(`organisationKinds.${kind}`),
    locale: (locale) => t(`language.${locale}`),
    auditAction: (action) => (isOneOf(auditActions, action) ? t(auditActionKeys[action]) : action),
    auditOutcome: (outcome) => t(`audit.outcomes.${outcome}`),
    subjectType: (type) =>
      isOneOf<SubjectType>(subjectTypes, type) ? t(`audit.subjectTypes.${type}`) : type,
  };
}
