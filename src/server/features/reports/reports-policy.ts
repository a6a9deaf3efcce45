import { type Actor, hasRole } from '../../platform/actor';

/** Site managers see their sites' reports; evaluators and administrators the whole programme's. */
export function canReadReports(actor: Actor): boolean {
  return (
    hasRole(actor, 'site_manager') || hasRole(actor, 'evaluator') || hasRole(actor, 'administrator')
  );
}

/** The case-level research export is programme-wide and de-identified: evaluators and administrators. */
export function canExportReports(actor: Actor): boolean {
  return hasRole(actor, 'evaluator') || hasRole(actor, 'administrator');
}

/** Sites whose reports the actor may read: all of them, or those they manage. */
export function reportableSiteIds(actor: Actor): string[] | 'all' {
  if (hasRole(actor, 'evaluator') || hasRole(actor, 'administrator')) return 'all';
  return [
    ...new Set(
      actor.grants.flatMap((g) => (g.role === 'site_manager' && g.siteId ? [g.siteId] : [])),
    ),
  ];
}

/**
 * Link workers' names are staff data a site manager and an administrator already see;
 * an evaluator sees no names at all, only pseudonymous labels.
 */
export function seesStaffNames(actor: Actor): boolean {
  return hasRole(actor, 'site_manager') || hasRole(actor, 'administrator');
}

/** Groupings of sites decide what reports may cover: administrators keep them. */
export function canManageGroupings(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
