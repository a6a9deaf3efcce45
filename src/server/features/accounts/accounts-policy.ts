import { readsPersonalData, type Role } from '../../../shared/roles';
import { type Actor, hasRole } from '../../platform/actor';

export function canManageAccounts(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}

/**
 * An administrator sees no one's records; giving themself a role that does would need
 * no one else's agreement. Another administrator must grant it.
 */
export function isOwnGrantOfPersonalData(actor: Actor, accountId: string, role: Role): boolean {
  return accountId === actor.accountId && readsPersonalData(role);
}
