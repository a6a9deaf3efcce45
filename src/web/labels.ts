import { useT } from './i18n';
import type { Locale } from '../shared/locale';
import type { OrganisationKind, Role } from '../shared/roles';

export type Labels = {
  role: (role: Role) => string;
  organisationKind: (kind: OrganisationKind) => string;
  locale: (locale: Locale) => string;
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
    personName: (name) => name.trim() || t('personRecord.anonymisedName'),
  };
}
