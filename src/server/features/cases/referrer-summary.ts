import type { ReferrerSummary } from '../../../shared/contracts/referrals';
import type { ConnectionStatus } from '../../../shared/pathway';
import type { ConnectionSummaryRow } from './cases-queries';

/** Statuses that mean the person went at least once. */
const takenUpStatuses: readonly ConnectionStatus[] = ['attended', 'ongoing'];

/**
 * The PRSB "message back to referrer": what was offered, what the person took up. Outcome
 * measures join later; notes and clinical details never go back.
 */
export function buildReferrerSummary(input: {
  closedAt: Date;
  closureReason: string;
  connections: readonly ConnectionSummaryRow[];
  note?: string | undefined;
}): ReferrerSummary {
  const offered = input.connections.map((c) => ({
    organisationName: c.organisationName,
    activity: c.activity,
    status: c.status as ConnectionStatus,
  }));
  const takenUp = offered.filter(
    (c, i) => takenUpStatuses.includes(c.status) || input.connections[i]?.firstAttendedOn != null,
  );
  return {
    closedAt: input.closedAt.toISOString(),
    closureReason: input.closureReason,
    offered,
    takenUp,
    outcomes: [],
    ...(input.note ? { note: input.note } : {}),
  };
}
