import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import { NotificationList, NotificationListQuery } from '../../../shared/contracts/notifications';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { noContent } from '../../platform/validation';
import { listNotifications, readAllNotifications, readNotification } from './notifications-service';

export const notificationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: "The caller's notifications, newest first, with how many are unread",
        querystring: NotificationListQuery,
        response: { 200: NotificationList },
      },
    },
    (request) => listNotifications(db, requireActor(request), request.query),
  );
  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of the caller’s notifications read',
        params: IdParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await readNotification(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/notifications/read-all',
    {
      schema: { tags, summary: 'Mark all the caller’s notifications read', response: noContent },
    },
    async (request, reply) => {
      await readAllNotifications(db, requireActor(request));
      return reply.status(204).send(null);
    },
  );
};
