import { type Actor, hasRole } from '../../platform/actor';

/** Partner staff keep their own organisation's listings; administrators may keep any. */
export function canEditListings(actor: Actor): boolean {
  return hasRole(actor, 'partner_staff') || hasRole(actor, 'administrator');
}

/**
 * Administrators and site managers review proposed changes. A site manager reviews every
 * pending change, not only those of partners near their site: the directory is one
 * programme-wide public dataset that every site's link workers search, and partners hold
 * no site of a health centre that could scope them.
 */
export function canModerateListings(actor: Actor): boolean {
  return hasRole(actor, 'site_manager') || hasRole(actor, 'administrator');
}
