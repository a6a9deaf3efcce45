import { type Actor, hasRole } from '../../platform/actor';

/** Importing and exporting the whole directory is an administrator's job. */
export function canManageDirectory(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
