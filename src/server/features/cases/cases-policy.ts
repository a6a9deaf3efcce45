import type { CasePermissions } from '../../../shared/contracts/cases';
import type { CaseStatus } from '../../../shared/pathway';
import type { Actor } from '../../platform/actor';
import { isClosed, nextCaseStatuses } from './case-rules';

/** Roles that work on cases: the site's link workers, and its manager who oversees them. */
const caseWorkerRoles = new Set(['link_worker', 'site_manager']);

/** Sites where the actor works on cases (as link worker or site manager). */
export function caseSiteIds(actor: Actor): string[] {
  return [
    ...new Set(
      actor.grants.flatMap((g) => (g.siteId && caseWorkerRoles.has(g.role) ? [g.siteId] : [])),
    ),
  ];
}

/** Whether the actor works on cases anywhere: others are refused before anything is read. */
export function canWorkOnCases(actor: Actor): boolean {
  return caseSiteIds(actor).length > 0;
}

export function canWorkOnCaseAt(actor: Actor, siteId: string): boolean {
  return caseSiteIds(actor).includes(siteId);
}

/** Site managers assign cases to link workers; a link worker takes cases for themself. */
export function canAssignCases(actor: Actor, siteId: string): boolean {
  return actor.grants.some((g) => g.role === 'site_manager' && g.siteId === siteId);
}

/** Only a link worker of the site takes a case for themself, or is given one. */
export function isLinkWorkerAt(actor: Actor, siteId: string): boolean {
  return actor.grants.some((g) => g.role === 'link_worker' && g.siteId === siteId);
}

/** Sites where the actor assigns cases (as site manager). */
export function assigningSiteIds(actor: Actor): string[] {
  return actor.grants.flatMap((g) => (g.role === 'site_manager' && g.siteId ? [g.siteId] : []));
}

/**
 * What the actor may do on a case they can see, for the case screen: the server decides,
 * the screen only shows or hides.
 */
export function casePermissions(
  actor: Actor,
  facts: { siteId: string; status: CaseStatus; failedAttempts: number; maxContactAttempts: number },
): CasePermissions {
  const worker = canWorkOnCaseAt(actor, facts.siteId);
  const next = worker ? nextCaseStatuses(facts.status) : [];
  const closed = isClosed(facts.status);
  const manager = canAssignCases(actor, facts.siteId);
  return {
    canRecordContact: worker && !closed,
    canAccept: next.includes('active'),
    canDecline: next.includes('declined'),
    canCloseUnreachable:
      next.includes('unreachable') && facts.failedAttempts >= facts.maxContactAttempts,
    canDischarge: next.includes('discharged'),
    canAssign: manager && !closed,
    canTake: facts.status === 'new' && isLinkWorkerAt(actor, facts.siteId),
    canRaiseSafeguarding: worker,
    canAcknowledgeSafeguarding: manager,
    canReRefer: worker && closed,
    nextStatuses: next,
  };
}
