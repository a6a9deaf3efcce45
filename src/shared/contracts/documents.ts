import { z } from 'zod';
import { Id } from './common';

/*
 * Documents kept with a case: a signed consent, a letter, a report. The bytes go up as the
 * request's body (its Content-Type the file's type), with the file's name in a header, so
 * that no name ever sits in an address that a log keeps; they come down by the document's id.
 */

export const documentKinds = ['consent', 'letter', 'report', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const DocumentKindSchema = z.enum(documentKinds);

/** The largest file a case keeps. */
export const maxDocumentBytes = 10 * 1024 * 1024;

/** The header that carries the file's name, percent-encoded as UTF-8 (encodeURIComponent). */
export const fileNameHeader = 'x-file-name';

/**
 * The types a case keeps, each with the file name endings that go with it. What a file
 * says it is (type and name) must match what its first bytes show.
 */
export const documentTypes = [
  { type: 'application/pdf', extensions: ['.pdf'] },
  { type: 'image/png', extensions: ['.png'] },
  { type: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  { type: 'text/plain', extensions: ['.txt'] },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
  },
  { type: 'application/vnd.oasis.opendocument.text', extensions: ['.odt'] },
] as const;
export type DocumentType = (typeof documentTypes)[number]['type'];

/** The `accept` of a file input: every type and ending a case keeps. */
export const documentAccept = documentTypes
  .flatMap((entry) => [entry.type, ...entry.extensions])
  .join(',');

/** The type a file name's ending stands for (a browser may not know .odt), if one is kept. */
export function documentTypeOfName(fileName: string): DocumentType | undefined {
  const lower = fileName.toLowerCase();
  return documentTypes.find((entry) =>
    entry.extensions.some((extension) => lower.endsWith(extension)),
  )?.type;
}

export const CaseDocumentParams = z.object({ caseId: Id });
export type CaseDocumentParams = z.infer<typeof CaseDocumentParams>;

export const AttachDocumentQuery = z.object({ kind: DocumentKindSchema });
export type AttachDocumentQuery = z.infer<typeof AttachDocumentQuery>;

/** Other headers pass through untouched: only the file's name is read here. */
export const AttachDocumentHeaders = z.looseObject({
  [fileNameHeader]: z.string().min(1).max(1000),
});

export const CaseDocument = z.object({
  id: Id,
  caseId: Id,
  kind: DocumentKindSchema,
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.int32(),
  uploadedByName: z.string(),
  uploadedAt: z.iso.datetime(),
  /** Removed from the case: the record stays, the file is gone. */
  removedAt: z.iso.datetime().nullable(),
  removedByName: z.string().nullable(),
});
export type CaseDocument = z.infer<typeof CaseDocument>;

export const CaseDocumentList = z.object({
  /** Newest first; removed ones stay listed, without their file. */
  items: z.array(CaseDocument),
  permissions: z.object({ canAttach: z.boolean(), canRemove: z.boolean() }),
});
export type CaseDocumentList = z.infer<typeof CaseDocumentList>;
