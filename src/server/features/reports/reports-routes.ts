import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Dashboard, OutcomesReport, ReportQuery } from '../../../shared/contracts/reports';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { exportCases, readDashboard, readOutcomes } from './reports-service';

export const reportRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['reports'];
  app.get(
    '/api/reports/dashboard',
    {
      schema: {
        tags,
        summary: 'Pathway figures for sites or the whole programme, with small cells suppressed',
        querystring: ReportQuery,
        response: { 200: Dashboard },
      },
    },
    (request) => readDashboard(db, requireActor(request), request.query),
  );
  app.get(
    '/api/reports/outcomes',
    {
      schema: {
        tags,
        summary: 'Change on each instrument between baseline and the latest follow-up',
        querystring: ReportQuery,
        response: { 200: OutcomesReport },
      },
    },
    (request) => readOutcomes(db, requireActor(request), request.query),
  );
  app.get(
    '/api/reports/export.csv',
    {
      schema: {
        tags,
        summary: 'De-identified case-level CSV for researchers (evaluators and administrators)',
        querystring: ReportQuery,
      },
    },
    async (request, reply) => {
      const csv = await exportCases(db, requireActor(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="passerelle-cases.csv"')
        .send(csv);
    },
  );
};
