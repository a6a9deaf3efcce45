import type { Actor } from '../../platform/actor';
import { hasRole } from '../../platform/actor';

/**
 * Every role may search: the directory holds no personal details and is public through
 * /hsds anyway; evaluators read it to understand what people were connected to.
 */
export function canSearchDirectory(actor: Actor): boolean {
  return actor.grants.length > 0;
}

/** The vocabulary shapes every search, so only administrators maintain it. */
export function canManageVocabulary(actor: Actor): boolean {
  return hasRole(actor, 'administrator');
}
