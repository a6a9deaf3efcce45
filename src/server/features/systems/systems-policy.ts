import { type Actor, hasRole } from '../../platform/actor';

/** Connected systems act on people's records at every site they are given: administrators only. */
export function canManageSystems(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
