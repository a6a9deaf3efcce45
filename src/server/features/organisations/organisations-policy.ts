import { type Actor, hasRole, siteIdsOf } from '../../platform/actor';

export function canManageOrganisations(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}

/** Administrators and evaluators work across the programme; everyone else sees their own sites. */
export function visibleSiteIds(actor: Actor): string[] | 'all' {
  if (hasRole(actor, 'administrator') || hasRole(actor, 'evaluator')) return 'all';
  return siteIdsOf(actor);
}

/** Sites where the actor holds partner_staff: their organisations are the partners they act for. */
export function partnerSiteIds(actor: Actor): string[] {
  return [
    ...new Set(
      actor.grants.flatMap((g) => (g.role === 'partner_staff' && g.siteId ? [g.siteId] : [])),
    ),
  ];
}
