import { z } from 'zod';

export const HsdsVersionSchema = z.enum(['3.0', '3.1']);

/** An HSDS dataset sent as files: nested JSON documents, or the CSV files of a tabular package. */
export const DirectoryImportBody = z
  .object({
    format: z.enum(['json', 'csv']),
    version: HsdsVersionSchema.optional(),
    files: z
      .record(z.string().trim().min(1).max(200), z.string().max(50 * 1024 * 1024))
      .refine((files) => Object.keys(files).length <= 100, { message: 'at most 100 files' }),
  })
  .strict();
export type DirectoryImportBody = z.infer<typeof DirectoryImportBody>;

const ChangeCounts = z.object({ created: z.int(), updated: z.int(), unchanged: z.int() });

export const DirectoryImportIssue = z.object({
  file: z.string(),
  row: z.int().optional(),
  path: z.string().optional(),
  field: z.string(),
  reason: z.string(),
});

/** What an import did, or every reason it was refused (then nothing was written). */
export const DirectoryImportReport = z.object({
  status: z.enum(['imported', 'rejected']),
  version: HsdsVersionSchema,
  records: z.int(),
  changes: z.record(z.string(), ChangeCounts),
  issues: z.array(DirectoryImportIssue),
});
export type DirectoryImportReport = z.infer<typeof DirectoryImportReport>;

/** An import running in the background: how far it got, then its report. */
export const DirectoryImportJob = z.object({
  id: z.uuid(),
  state: z.enum(['running', 'finished', 'failed']),
  phase: z.enum(['read', 'write', 'done']),
  done: z.int(),
  total: z.int(),
  /** The file being read, during the read phase. */
  file: z.string().nullable(),
  report: DirectoryImportReport.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type DirectoryImportJob = z.infer<typeof DirectoryImportJob>;

export const DirectoryImportJobParams = z.object({ id: z.uuid() });

/** The tabular package: file name to content (datapackage.json and one CSV file per table). */
export const DirectoryCsvExport = z.object({ files: z.record(z.string(), z.string()) });
export type DirectoryCsvExport = z.infer<typeof DirectoryCsvExport>;
