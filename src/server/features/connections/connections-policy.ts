import { type Actor, hasRole } from '../../platform/actor';

/** Partner staff answer the connections sent to their organisation. */
export function canAnswerConnections(actor: Actor): boolean {
  return hasRole(actor, 'partner_staff');
}
