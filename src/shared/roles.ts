export const roles = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

/** Roles that act for one site; the others are programme-wide. */
export const siteRoles: readonly Role[] = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
];

export function isSiteRole(role: Role): boolean {
  return siteRoles.includes(role);
}

/**
 * Roles that read people's personal health information (their referrals, cases, plans or
 * connections). Evaluators see aggregates only; administrators see no clinical record.
 */
export const personalDataRoles: readonly Role[] = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
];

export function readsPersonalData(role: Role): boolean {
  return personalDataRoles.includes(role);
}

export const organisationKinds = ['health_centre', 'community_partner', 'programme'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];
