import { type Actor, hasRole } from '../../platform/actor';

export function canReadAudit(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
