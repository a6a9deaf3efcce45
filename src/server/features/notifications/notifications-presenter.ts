import type { Notification } from '../../../shared/contracts/notifications';
import type { NotificationRow } from './notifications-queries';

/**
 * Where a notification leads, by what it is about: a referrer's closed referral to their
 * referral, partner staff's new connection to their inbox item, anything else on a case to
 * the case.
 */
export function hrefOf(
  row: Pick<NotificationRow, 'kind' | 'caseId' | 'connectionId'>,
): string | null {
  if (row.kind === 'case.closed_summary' && row.caseId) return `/referrals/${row.caseId}`;
  if (row.caseId) return `/cases/${row.caseId}`;
  if (row.connectionId) return `/partner/connections/${row.connectionId}`;
  return null;
}

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    params: row.params,
    href: hrefOf(row),
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
