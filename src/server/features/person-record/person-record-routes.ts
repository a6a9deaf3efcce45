import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EraseRecordBody,
  ErasedRecord,
  PersonRecordActions,
  RecordFormatQuery,
  RetentionReport,
  RetentionSettings,
} from '../../../shared/contracts/person-record';
import { CaseIdParams } from '../../../shared/contracts/plans';
import { requireActor, requirePerson } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  type RecordFile,
  eraseRecord,
  exportOwnRecord,
  exportRecordForStaff,
  recordActions,
  reviewRetention,
  setRetention,
} from './person-record-service';

function sendRecord(reply: FastifyReply, file: RecordFile): FastifyReply {
  const disposition = file.contentType.startsWith('text/html') ? 'inline' : 'attachment';
  return (
    reply
      .type(file.contentType)
      .header('content-disposition', `${disposition}; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      // The page is the person's record: it runs nothing and loads nothing from anywhere.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('referrer-policy', 'no-referrer')
      .send(file.body)
  );
}

export const personRecordRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['person record'];
  app.get(
    '/api/cases/:caseId/person-record',
    {
      schema: {
        tags,
        summary:
          'Everything held about the case’s person, as JSON (passerelle.person-record v1) or a page in their language (audited)',
        params: CaseIdParams,
        querystring: RecordFormatQuery,
      },
    },
    async (request, reply) =>
      sendRecord(
        reply,
        await exportRecordForStaff(
          db,
          requireActor(request),
          request.params.caseId,
          request.query.format,
        ),
      ),
  );
  app.get(
    '/api/cases/:caseId/person-record/actions',
    {
      schema: {
        tags,
        summary: 'What the caller may do with the person’s record from this case',
        params: CaseIdParams,
        response: { 200: PersonRecordActions },
      },
    },
    (request) => recordActions(db, requireActor(request), request.params.caseId),
  );
  app.post(
    '/api/cases/:caseId/erasure',
    {
      schema: {
        tags,
        summary:
          'Erase the case’s person on request: identity and free texts removed from every case, figures kept; irreversible (site managers, administrators)',
        params: CaseIdParams,
        body: EraseRecordBody,
        response: { 200: ErasedRecord },
      },
    },
    (request) => eraseRecord(db, requireActor(request), request.params.caseId, request.body),
  );
  app.get(
    '/api/person/record',
    {
      schema: {
        tags,
        summary: 'The signed-in person’s own full record, as JSON or a page (audited)',
        querystring: RecordFormatQuery,
      },
    },
    async (request, reply) =>
      sendRecord(reply, await exportOwnRecord(db, requirePerson(request), request.query.format)),
  );
  app.get(
    '/api/admin/retention',
    {
      schema: {
        tags,
        summary:
          'The retention period and what the retention job would anonymise now: counts and case references, no names (administrators)',
        response: { 200: RetentionReport },
      },
    },
    (request) => reviewRetention(db, requireActor(request)),
  );
  app.put(
    '/api/admin/retention',
    {
      schema: {
        tags,
        summary: 'Set the retention period in years, or none (administrators)',
        body: RetentionSettings,
        response: { 200: RetentionReport },
      },
    },
    (request) => setRetention(db, requireActor(request), request.body),
  );
};
