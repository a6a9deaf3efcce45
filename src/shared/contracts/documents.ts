import { z } from 'zod';
import { Id } from './common';
import { documentKinds, fileNameHeader } from '../documents';

/*
 * Documents kept with a case: a signed consent, a letter, a report. The bytes go up as the
 * request's body (its Content-Type the file's type), with the file's name in a header, so
 * that no name ever sits in an address that a log keeps; they come down by the document's id.
 */

export {
  type DocumentKind,
  type DocumentType,
  documentAccept,
  documentKinds,
  documentTypeOfName,
  documentTypes,
  fileNameHeader,
  maxDocumentBytes,
} from '../documents';

export const DocumentKindSchema = z.enum(documentKinds);

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
