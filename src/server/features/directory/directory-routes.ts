import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DirectoryCsvExport,
  DirectoryImportBody,
  DirectoryImportJob,
  DirectoryImportJobParams,
  DirectoryImportReport,
  DecideTermCategoryBody,
  TermCategory,
  TermCategoryList,
  TermCategoryParams,
} from '../../../shared/contracts/directory';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { exportDirectoryCsv, exportDirectoryJson, importDirectory } from './directory-service';
import { readImportJob, startImportJob } from './import-jobs';
import { decideTermCategory, listTermCategories } from './term-categories-service';

/** Imports are whole datasets: far larger than any other request body. */
const importBodyLimit = 50 * 1024 * 1024;

/** A file named without its extension takes the format the caller declared. */
function namedFiles(body: DirectoryImportBody): { name: string; content: string }[] {
  return Object.entries(body.files).map(([name, content]) => ({
    name: /\.(json|csv)$/i.test(name) ? name : `${name}.${body.format}`,
    content,
  }));
}

export const directoryRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['directory'];
  app.post(
    '/api/directory/imports',
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary: 'Import an HSDS 3.0 or 3.1 dataset (nested JSON or the CSV tabular package)',
        description:
          'Every record is checked against the HSDS definitions of its version first. A rejected import answers 200 with status "rejected" and every issue; nothing of it is written.',
        body: DirectoryImportBody,
        response: { 200: DirectoryImportReport },
      },
    },
    (request) => {
      const { version } = request.body;
      return importDirectory(db, requireActor(request), {
        files: namedFiles(request.body),
        version,
        locale: request.locale,
      });
    },
  );
  app.post(
    '/api/directory/import-jobs',
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary:
          'Start an HSDS import in the background; watch it at /api/directory/import-jobs/:id',
        body: DirectoryImportBody,
        response: { 202: DirectoryImportJob },
      },
    },
    async (request, reply) => {
      const job = startImportJob(
        db,
        requireActor(request),
        {
          files: namedFiles(request.body),
          version: request.body.version,
          locale: request.locale,
        },
        {
          locale: request.locale,
          logFailure: (err) => app.log.error({ err }, 'directory import job failed'),
        },
      );
      return reply.status(202).send(job);
    },
  );
  app.get(
    '/api/directory/import-jobs/:id',
    {
      schema: {
        tags,
        summary: 'How far an import job got: phase, done and total, then its report',
        params: DirectoryImportJobParams,
        response: { 200: DirectoryImportJob },
      },
    },
    (request) => readImportJob(db, requireActor(request), request.params.id),
  );
  app.get(
    '/api/directory/exports/json',
    { schema: { tags, summary: 'Export the directory as HSDS 3.1 JSON (fully nested services)' } },
    (request) => exportDirectoryJson(db, requireActor(request)),
  );
  app.get(
    '/api/directory/exports/csv',
    {
      schema: {
        tags,
        summary: 'Export the directory as the HSDS 3.1 CSV tabular package',
        response: { 200: DirectoryCsvExport },
      },
    },
    async (request) => ({ files: await exportDirectoryCsv(db, requireActor(request)) }),
  );
  app.get(
    '/api/directory/term-categories',
    {
      schema: {
        tags,
        summary: "Imported feeds' own taxonomy terms and the category each stands for",
        response: { 200: TermCategoryList },
      },
    },
    (request) => listTermCategories(db, requireActor(request)),
  );
  app.put(
    '/api/directory/term-categories/:termId',
    {
      schema: {
        tags,
        summary: 'Confirm or change the category a feed term stands for (null: none of ours)',
        params: TermCategoryParams,
        body: DecideTermCategoryBody,
        response: { 200: TermCategory },
      },
    },
    (request) => decideTermCategory(db, requireActor(request), request.params.termId, request.body),
  );
};
