import { PartnerConnectionStatus } from '../../../shared/contracts/connections';
import type { ConnectionStatus } from '../../../shared/pathway';
import { type Transition, assertTransition, nextStatuses } from '../../platform/state-machine';

/**
 * Who moves a connection: the case's link worker, the partner (signed in or by link), or the
 * person, who says from their own space that they went or stopped.
 */
export type ConnectionMover = 'link_worker' | 'partner' | 'person';

/**
 * The closed loop with a community partner. The link worker proposes and sends; the partner
 * accepts or declines (with a reason) and records attendance; either may record that the
 * person attends, did not come when expected, goes on, or stopped (with a reason); the link
 * worker records when the person did not take the offer up (with a reason). A person who did
 * not attend may still come later; one who will not is not taken up, never "stopped", which
 * says they came.
 */
export const connectionTransitions: readonly Transition<ConnectionStatus, ConnectionMover>[] = [
  { from: ['proposed'], to: 'sent', by: ['link_worker'] },
  { from: ['sent'], to: 'accepted', by: ['partner'] },
  { from: ['sent'], to: 'declined', by: ['partner'], needsReason: true },
  // The usual answer first: screens and emails offer the moves in this order.
  {
    from: ['accepted', 'did_not_attend'],
    to: 'attended',
    by: ['partner', 'link_worker', 'person'],
  },
  { from: ['accepted'], to: 'did_not_attend', by: ['partner', 'link_worker'] },
  { from: ['attended'], to: 'ongoing', by: ['partner', 'link_worker'] },
  {
    from: ['attended', 'ongoing'],
    to: 'stopped',
    by: ['partner', 'link_worker', 'person'],
    needsReason: true,
  },
  {
    from: ['proposed', 'sent', 'accepted', 'did_not_attend'],
    to: 'not_taken_up',
    by: ['link_worker'],
    needsReason: true,
  },
];

export function assertConnectionTransition(
  from: ConnectionStatus,
  to: ConnectionStatus,
  by: ConnectionMover,
  reason?: string | null,
): void {
  assertTransition(connectionTransitions, { from, to, by, reason });
}

export function nextConnectionStatuses(
  from: ConnectionStatus,
  by: ConnectionMover,
): ConnectionStatus[] {
  return nextStatuses(connectionTransitions, from, by);
}

function isPartnerAnswer(status: ConnectionStatus): status is PartnerConnectionStatus {
  return PartnerConnectionStatus.options.some((answer) => answer === status);
}

/** The answers the partner may give next, whoever records them (the partner, or by phone). */
export function nextPartnerAnswers(from: ConnectionStatus): PartnerConnectionStatus[] {
  return nextConnectionStatuses(from, 'partner').filter(isPartnerAnswer);
}

/** A connection whose loop is closed: nothing more will happen to it. */
export function isConnectionClosed(status: ConnectionStatus): boolean {
  return (
    nextStatuses(connectionTransitions, status, 'link_worker').length === 0 &&
    nextStatuses(connectionTransitions, status, 'partner').length === 0
  );
}
