import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Dashboard,
  OutcomeGroups,
  OutcomeGroupsQuery,
  OutcomesQuery,
  OutcomesReport,
  ProgrammeReportQuery,
  ReportExportQuery,
  ReportQuery,
  ReportScopes,
} from '../../../shared/contracts/reports';
import { GapMap, GapMapQuery } from '../../../shared/contracts/gap-map';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { prepareCaseExport } from './report-export';
import { readGapMap } from './report-gap-map';
import { readOutcomeGroups } from './report-outcome-groups';
import { reportGroupingRoutes } from './report-groupings-routes';
import { readScopes } from './report-scopes';
import { readDashboard, readOutcomes, readProgrammeReportPdf } from './reports-service';
import { translatorFor } from '../../platform/i18n';

export const reportRoutes: FastifyPluginAsyncZod<AppContext> = async (app, context) => {
  const { db } = context;
  const tags = ['reports'];
  await app.register(reportGroupingRoutes, context);
  app.get(
    '/api/reports/scopes',
    {
      schema: {
        tags,
        summary: 'The programme, sites and groupings of sites the caller may report on',
        response: { 200: ReportScopes },
      },
    },
    (request) => readScopes(db, requireActor(request)),
  );
  app.get(
    '/api/reports/dashboard',
    {
      schema: {
        tags,
        summary:
          'Pathway figures for one period and one scope, every count rounded, small ones hidden',
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
        summary:
          'Change on each instrument between baseline and the latest follow-up, and at each follow-up timepoint; the period read by referral or measurement date',
        querystring: OutcomesQuery,
        response: { 200: OutcomesReport },
      },
    },
    (request) => readOutcomes(db, requireActor(request), request.query),
  );
  app.get(
    '/api/reports/programme.pdf',
    {
      schema: {
        tags,
        summary:
          'The programme report as a PDF (A4) in the caller’s language: the dashboard’s and the outcomes’ figures for one period and one scope, as /reports/programme shows them',
        querystring: ProgrammeReportQuery,
      },
    },
    async (request, reply) => {
      const locale = request.query.language ?? request.locale;
      const { period, body } = await readProgrammeReportPdf(
        db,
        requireActor(request),
        request.query,
        locale,
      );
      const fileName = translatorFor(locale)('reports.programme.pdf.fileName', {
        ns: 'web',
        period,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );
  app.get(
    '/api/reports/outcomes/groups',
    {
      schema: {
        tags,
        summary:
          'Change on each instrument by age band, sex, language, area, referral reason or site, small groups hidden',
        querystring: OutcomeGroupsQuery,
        response: { 200: OutcomeGroups },
      },
    },
    (request) => readOutcomeGroups(db, requireActor(request), request.query),
  );
  app.get(
    '/api/reports/gap-map',
    {
      schema: {
        tags,
        summary:
          'Referrals by area and need against the directory services for that need within a distance; gaps where demand meets nothing open',
        querystring: GapMapQuery,
        response: { 200: GapMap },
      },
    },
    (request) => readGapMap(db, requireActor(request), request.query),
  );
  app.get(
    '/api/reports/export.csv',
    {
      schema: {
        tags,
        summary: 'De-identified case-level CSV for researchers (evaluators and administrators)',
        querystring: ReportExportQuery,
      },
    },
    async (request, reply) => {
      const writeCsv = await prepareCaseExport(db, requireActor(request), request.query);
      const body = new PassThrough();
      writeCsv((chunk) => writeWithBackpressure(body, chunk)).then(
        () => body.end(),
        (error: unknown) => {
          request.log.error({ err: error }, 'the case export stopped');
          body.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="passerelle-cases.csv"')
        .send(body);
    },
  );
};

/**
 * Writes a chunk and waits while the client is slow to read; rejects once the client has
 * gone, so the export stops reading and its transaction ends.
 */
async function writeWithBackpressure(stream: PassThrough, chunk: string): Promise<void> {
  if (stream.destroyed) throw new Error('the client went away');
  if (stream.write(chunk)) return;
  const ac = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: ac.signal }),
      once(stream, 'close', { signal: ac.signal }).then(() => {
        throw new Error('the client went away');
      }),
    ]);
  } finally {
    ac.abort();
  }
}
