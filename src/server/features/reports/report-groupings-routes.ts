import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import {
  CreateReportGroupingBody,
  ReportGrouping,
  ReportGroupingList,
  UpdateReportGroupingBody,
} from '../../../shared/contracts/report-groupings';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  createGrouping,
  listGroupings,
  removeGrouping,
  updateGrouping,
} from './report-groupings-service';
import { noContent } from '../../platform/validation';

export const reportGroupingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['reports'];
  app.get(
    '/api/report-groupings',
    {
      schema: {
        tags,
        summary: 'List the groupings of sites reports may cover (administrators)',
        response: { 200: ReportGroupingList },
      },
    },
    (request) => listGroupings(db, requireActor(request)),
  );
  app.post(
    '/api/report-groupings',
    {
      schema: {
        tags,
        summary: 'Define a grouping of sites for reports',
        body: CreateReportGroupingBody,
        response: { 201: ReportGrouping },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGrouping(db, requireActor(request), request.body)),
  );
  app.patch(
    '/api/report-groupings/:id',
    {
      schema: {
        tags,
        summary: 'Rename a grouping or change its sites',
        params: IdParams,
        body: UpdateReportGroupingBody,
        response: { 200: ReportGrouping },
      },
    },
    (request) => updateGrouping(db, requireActor(request), request.params.id, request.body),
  );
  app.delete(
    '/api/report-groupings/:id',
    {
      schema: {
        tags,
        summary: 'Remove a grouping of sites',
        params: IdParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await removeGrouping(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
