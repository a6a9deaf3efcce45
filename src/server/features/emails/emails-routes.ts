import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EmailIdParams, FailedEmailList } from '../../../shared/contracts/emails';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { listFailedEmails, retryEmail } from './emails-service';
import { noContent } from '../../platform/validation';

export const emailRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['emails'];
  app.get(
    '/api/admin/emails/failed',
    {
      schema: {
        tags,
        summary: 'The emails given up on after their retries (administrators)',
        response: { 200: FailedEmailList },
      },
    },
    (request) => listFailedEmails(db, requireActor(request)),
  );
  app.post(
    '/api/admin/emails/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a given-up email again',
        params: EmailIdParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await retryEmail(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
