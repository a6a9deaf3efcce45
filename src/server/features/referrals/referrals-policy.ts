import { type Actor, hasRole } from '../../platform/actor';

/** Roles that record a referral from another agency: the site's team. */
const agencyRecorderRoles = new Set(['link_worker', 'site_manager']);

/**
 * Sites the actor may refer to: a clinician refers for the sites where they are a
 * referrer; the link-worker team records agencies' referrals for their own site.
 */
export function referralSiteIds(actor: Actor, source: 'clinician' | 'agency'): string[] {
  const allowed = (role: string): boolean =>
    source === 'clinician' ? role === 'referrer' : agencyRecorderRoles.has(role);
  return [...new Set(actor.grants.flatMap((g) => (g.siteId && allowed(g.role) ? [g.siteId] : [])))];
}

/** Clinicians who refer, and who follow their own referrals. */
export function canMakeReferrals(actor: Actor): boolean {
  return hasRole(actor, 'referrer');
}
