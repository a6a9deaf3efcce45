import { type Actor, hasRole } from '../../platform/actor';
import { canWorkOnCaseAt } from '../cases';

/**
 * The person's full record goes to those who work on their case (its site's link workers
 * and manager: domain.md), never to an administrator, who sees no clinical notes.
 */
export function canExportRecord(actor: Actor, siteId: string): boolean {
  return canWorkOnCaseAt(actor, siteId);
}

/**
 * Erasure on request: the site's manager or an administrator (who erase without reading the
 * record); a link worker may not.
 */
export function canEraseRecord(actor: Actor, siteId: string): boolean {
  return hasRole(actor, 'administrator') || hasRole(actor, 'site_manager', siteId);
}

/** The retention period and its report are the programme's: administrators'. */
export function canManageRetention(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}

/** Whether the actor erases records anywhere: others are refused before anything is read. */
export function erasesRecords(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'administrator' || g.role === 'site_manager');
}
