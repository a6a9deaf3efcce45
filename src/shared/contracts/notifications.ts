import { z } from 'zod';
import { Cursor, Id, PageLimit } from './common';

/**
 * What an account was told by email about the pathway, kept in the app: the email's kind,
 * the words its message needs (a case reference, an activity, a status code), and where to
 * go. Never health details.
 */
export const Notification = z.object({
  id: Id,
  kind: z.string(),
  params: z.record(z.string(), z.string()),
  /** The case or connection it is about, in the app; null when it links nowhere. */
  href: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.object({
  items: z.array(Notification),
  /** How many of the caller's notifications are unread, all pages together. */
  unread: z.number().int().min(0),
  nextCursor: z.string().nullable(),
});
export type NotificationList = z.infer<typeof NotificationList>;

export const NotificationListQuery = z.object({ cursor: Cursor.optional(), limit: PageLimit });
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;
