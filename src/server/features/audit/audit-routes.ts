import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEventList, AuditEventQuery } from '../../../shared/contracts/audit';
import { requireActor } from '../../platform/actor';
import type { Database } from '../../db/client';
import { listAuditEvents } from './audit-service';

export const auditRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Page through the audit trail, newest first',
        querystring: AuditEventQuery,
        response: { 200: AuditEventList },
      },
    },
    (request) => listAuditEvents(db, requireActor(request), request.query),
  );
};
