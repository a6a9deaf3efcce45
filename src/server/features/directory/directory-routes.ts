import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DirectoryCsvExport,
  DirectoryImportBody,
  DirectoryImportReport,
} from '../../../shared/contracts/directory';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { exportDirectoryCsv, exportDirectoryJson, importDirectory } from './directory-service';

/** Imports are whole datasets: far larger than any other request body. */
const importBodyLimit = 50 * 1024 * 1024;

export const directoryRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['directory'];
  const settings = { standardsDir: config.hsdsStandardsDir };
  app.post(
    '/api/directory/imports',
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary: 'Import an HSDS 3.0 or 3.1 dataset (nested JSON or the CSV tabular package)',
        description:
          'Every record is checked against the official schemas first. A rejected import answers 200 with status "rejected" and every issue; nothing of it is written.',
        body: DirectoryImportBody,
        response: { 200: DirectoryImportReport },
      },
    },
    (request) => {
      const { format, version, files } = request.body;
      const named = Object.entries(files).map(([name, content]) => ({
        name: /\.(json|csv)$/i.test(name) ? name : `${name}.${format}`,
        content,
      }));
      return importDirectory(db, requireActor(request), settings, { files: named, version });
    },
  );
  app.get(
    '/api/directory/exports/json',
    { schema: { tags, summary: 'Export the directory as HSDS 3.1 JSON (fully nested services)' } },
    (request) => exportDirectoryJson(db, requireActor(request), settings),
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
    async (request) => ({ files: await exportDirectoryCsv(db, requireActor(request), settings) }),
  );
};
