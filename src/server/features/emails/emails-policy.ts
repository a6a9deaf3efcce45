import { type Actor, hasRole } from '../../platform/actor';

/** Emails name people and what happened to them: only administrators see those that failed. */
export function canManageEmails(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
