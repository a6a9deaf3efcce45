import { z } from 'zod';
import { categoryKeys } from '../directory-categories';
import { Version } from './common';

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
  /** Terms of the feed's own taxonomy met for the first time: matched to a category, or not. */
  termCategories: z.object({ suggested: z.int(), undecided: z.int() }).optional(),
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

/** A term of an imported feed's own taxonomy and the category of ours it stands for. */
export const TermCategory = z.object({
  termId: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  taxonomy: z.string().nullable(),
  services: z.int(),
  category: z.enum(categoryKeys).nullable(),
  state: z.enum(['suggested', 'undecided', 'confirmed']),
  matchedWords: z.array(z.string()),
  decidedAt: z.iso.datetime().nullable(),
  version: Version,
});
export type TermCategory = z.infer<typeof TermCategory>;

export const TermCategoryList = z.object({ items: z.array(TermCategory) });
export type TermCategoryList = z.infer<typeof TermCategoryList>;

export const TermCategoryParams = z.object({ termId: z.string().min(1).max(500) });

/** An administrator's decision: one of our categories, or none (null). */
export const DecideTermCategoryBody = z
  .object({ category: z.enum(categoryKeys).nullable(), version: Version })
  .strict();
export type DecideTermCategoryBody = z.infer<typeof DecideTermCategoryBody>;
