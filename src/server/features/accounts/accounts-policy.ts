import { type Actor, hasRole } from '../../platform/actor';

export function canManageAccounts(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
