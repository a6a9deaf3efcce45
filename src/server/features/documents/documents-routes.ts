import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import {
  AttachDocumentHeaders,
  AttachDocumentQuery,
  CaseDocument,
  CaseDocumentList,
  CaseDocumentParams,
  fileNameHeader,
  maxDocumentBytes,
} from '../../../shared/contracts/documents';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { attachmentDisposition } from './documents-rules';
import {
  attachDocument,
  downloadDocument,
  listDocuments,
  removeDocument,
} from './documents-service';

/** Room for a file of the largest size; anything beyond is refused before it is read. */
const uploadBodyLimit = maxDocumentBytes;

export const documentRoutes: FastifyPluginAsyncZod<AppContext> = async (app, context) => {
  const { db } = context;
  const tags = ['documents'];
  app.get(
    '/api/cases/:caseId/documents',
    {
      schema: {
        tags,
        summary: 'The documents kept with a case (never their bytes), and what the caller may do',
        params: CaseDocumentParams,
        response: { 200: CaseDocumentList },
      },
    },
    (request) => listDocuments(db, requireActor(request), request.params.caseId),
  );
  await app.register(attachRoute, context);
  app.get(
    '/api/documents/:id/content',
    {
      schema: {
        tags,
        summary: 'Download a document’s file, by its id only (audited)',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const file = await downloadDocument(db, requireActor(request), request.params.id);
      const type =
        file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType;
      return (
        reply
          .type(type)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          // Opened by mistake in a tab rather than saved, the file runs nothing.
          .header('content-security-policy', "sandbox; default-src 'none'")
          .send(file.content)
      );
    },
  );
  app.delete(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'Remove a document from its case: the record stays, the file is erased (audited)',
        params: IdParams,
        response: { 200: CaseDocument },
      },
    },
    (request) => removeDocument(db, requireActor(request), request.params.id),
  );
};

/**
 * Attaching takes the file itself as the body, whatever its type (the service checks the
 * type against the bytes), so this route alone has its own parser and a 10 MB limit; the
 * rest of the API keeps JSON and the app's 1 MB.
 */
const attachRoute: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: uploadBodyLimit },
    (_r, body, done) => done(null, body),
  );
  app.post(
    '/api/cases/:caseId/documents',
    {
      bodyLimit: uploadBodyLimit,
      schema: {
        tags: ['documents'],
        summary: `Attach a file to a case: the body is the file (PDF, PNG, JPEG, plain text, .docx or .odt; 10 MB at most), its Content-Type the file's type, its name percent-encoded in ${fileNameHeader}`,
        params: CaseDocumentParams,
        querystring: AttachDocumentQuery,
        headers: AttachDocumentHeaders,
        response: { 201: CaseDocument },
      },
      // A file said to be too large is refused in words before a byte of it is read.
      onRequest: async (request) => {
        requireActor(request);
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > uploadBodyLimit) throw new AppError('file_too_large', { field: 'file' });
      },
    },
    async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const saved = await attachDocument(db, requireActor(request), request.params.caseId, {
        kind: request.query.kind,
        fileNameHeader: request.headers[fileNameHeader],
        declaredType: request.headers['content-type'],
        bytes,
      });
      return reply.status(201).send(saved);
    },
  );
};
