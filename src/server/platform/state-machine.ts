import { AppError } from './errors';

/** One allowed move of a status machine, and who may make it. */
export type Transition<S extends string, Who extends string> = {
  from: readonly S[];
  to: S;
  by: readonly Who[];
  /** The move must say why (a decline, a stop, a discharge). */
  needsReason?: boolean;
};

/**
 * Refuses a move the machine does not allow, or a missing reason, with a clear error;
 * the caller checks before it writes anything, so a refusal changes nothing.
 */
export function assertTransition<S extends string, Who extends string>(
  transitions: readonly Transition<S, Who>[],
  move: { from: S; to: S; by: Who; reason?: string | null },
): void {
  const allowed = transitions.find((t) => t.to === move.to && t.from.includes(move.from));
  if (!allowed || !allowed.by.includes(move.by)) {
    throw new AppError('invalid_transition', {
      field: 'status',
      params: { from: move.from, to: move.to },
    });
  }
  if (allowed.needsReason && !move.reason?.trim()) {
    throw new AppError('reason_required', { field: 'reason' });
  }
}

/** The statuses one may move to from here: what screens offer as actions. */
export function nextStatuses<S extends string, Who extends string>(
  transitions: readonly Transition<S, Who>[],
  from: S,
  by: Who,
): S[] {
  return transitions.filter((t) => t.from.includes(from) && t.by.includes(by)).map((t) => t.to);
}
