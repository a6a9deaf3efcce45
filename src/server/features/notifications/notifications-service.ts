import type {
  NotificationList,
  NotificationListQuery,
} from '../../../shared/contracts/notifications';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../audit';
import { presentNotification } from './notifications-presenter';
import { countUnread, markAllRead, markRead, selectNotifications } from './notifications-queries';

/*
 * Notifications are the account's own: every query is scoped to the actor's account, so
 * another account's notification is invisible (404), whoever asks, whatever their roles.
 */

export async function listNotifications(
  db: Database,
  actor: Actor,
  query: NotificationListQuery,
): Promise<NotificationList> {
  const before = query.cursor ? decodeBefore(query.cursor) : undefined;
  const rows = await selectNotifications(db, actor.accountId, { before, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const unread = await countUnread(db, actor.accountId);
  await recordAudit(db, actor, {
    action: 'notifications.listed',
    subjectType: 'account',
    subjectId: actor.accountId,
  });
  return {
    items: page.map(presentNotification),
    unread,
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.createdAt.toISOString(), last.id])
        : null,
  };
}

function decodeBefore(cursor: string): { createdAt: Date; id: string } {
  const [at = '', id = ''] = decodeCursor(cursor, 2);
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('bad_request', { field: 'cursor' });
  }
  return { createdAt, id };
}

export async function readNotification(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await markRead(tx, actor.accountId, id))) {
      throw notFound({ subjectType: 'account', subjectId: actor.accountId });
    }
    await recordAudit(tx, actor, {
      action: 'notification.read',
      subjectType: 'account',
      subjectId: actor.accountId,
      details: { notificationId: id },
    });
  });
}

export async function readAllNotifications(db: Database, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const marked = await markAllRead(tx, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'notifications.read_all',
      subjectType: 'account',
      subjectId: actor.accountId,
      details: { count: marked },
    });
  });
}
