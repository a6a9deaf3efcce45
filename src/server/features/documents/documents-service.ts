import { createHash } from 'node:crypto';
import {
  type CaseDocument,
  type CaseDocumentList,
  type DocumentKind,
  documentTypes,
  maxDocumentBytes,
} from '../../../shared/contracts/documents';
import type { CaseStatus } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { caseSubject, recordAudit } from '../audit';
import { type CaseRow, canWorkOnCases, requireCase, requireOpenCase } from '../cases';
import { documentPermissions } from './documents-policy';
import { presentDocument } from './documents-presenter';
import {
  type DocumentRow,
  findDocument,
  findDocumentContent,
  insertDocument,
  removeDocument as clearDocument,
  selectCaseDocuments,
} from './documents-queries';
import { cleanFileName, contentMatches, keptTypeOf, nameMatches } from './documents-rules';

/** A file as it came: its bytes, the type it was sent as, and its name's header. */
export type AttachDocumentInput = {
  kind: DocumentKind;
  fileNameHeader: string;
  declaredType: string | undefined;
  bytes: Buffer;
};

/** A document's file, to send back as a download. */
export type DocumentFile = { fileName: string; contentType: string; content: Buffer };

const permissionsOf = (row: CaseRow): CaseDocumentList['permissions'] =>
  documentPermissions(row.status as CaseStatus);

export async function listDocuments(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<CaseDocumentList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const documents = await selectCaseDocuments(tx, caseId);
    await recordAudit(tx, actor, { action: 'documents.viewed', ...caseSubject(row) });
    return { items: documents.map(presentDocument), permissions: permissionsOf(row) };
  });
}

/**
 * Keeps a file with an open case, once its bytes show it is what its type and name say:
 * its SHA-256 and size beside it, the event audited in the same transaction.
 */
export async function attachDocument(
  db: Database,
  actor: Actor,
  caseId: string,
  input: AttachDocumentInput,
): Promise<CaseDocument> {
  return db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    const { fileName, contentType } = checkFile(input);
    const documentId = await insertDocument(tx, {
      caseId: row.id,
      kind: input.kind,
      fileName,
      contentType,
      sizeBytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      content: input.bytes,
      uploadedBy: actor.accountId,
    });
    // The file's name can hold the person's name: the trail keeps ids and facts only.
    await recordAudit(tx, actor, {
      action: 'document.attached',
      ...caseSubject(row),
      details: { documentId, kind: input.kind, contentType, sizeBytes: input.bytes.length },
    });
    return presentDocument(await requireDocumentRow(tx, documentId));
  });
}

/** The file of a document still on its case; every download is audited. */
export async function downloadDocument(
  db: Database,
  actor: Actor,
  documentId: string,
): Promise<DocumentFile> {
  return db.transaction(async (tx) => {
    const { document, row } = await requireDocument(tx, actor, documentId, requireCase);
    if (document.removedAt) throw new AppError('document_removed');
    const content = await findDocumentContent(tx, documentId);
    if (!content) throw new AppError('document_removed');
    await recordAudit(tx, actor, {
      action: 'document.downloaded',
      ...caseSubject(row),
      details: { documentId, kind: document.kind },
    });
    return { fileName: document.fileName, contentType: document.contentType, content };
  });
}

/** Removes a document from an open case: the record stays, its bytes are cleared. */
export async function removeDocument(
  db: Database,
  actor: Actor,
  documentId: string,
): Promise<CaseDocument> {
  return db.transaction(async (tx) => {
    const { document, row } = await requireDocument(tx, actor, documentId, requireOpenCase);
    if (!(await clearDocument(tx, documentId, actor.accountId))) {
      throw new AppError('document_removed');
    }
    await recordAudit(tx, actor, {
      action: 'document.removed',
      ...caseSubject(row),
      details: { documentId, kind: document.kind },
    });
    return presentDocument(await requireDocumentRow(tx, documentId));
  });
}

/**
 * A document and its case, as the case's access rule allows: a refusal names the case, so
 * it is audited. An unknown id is not found for those who work on cases, and refused to
 * the roles that never do.
 */
async function requireDocument(
  db: Database,
  actor: Actor,
  documentId: string,
  requireItsCase: typeof requireCase,
): Promise<{ document: DocumentRow; row: CaseRow }> {
  const document = await findDocument(db, documentId);
  if (!document) throw canWorkOnCases(actor) ? notFound() : forbidden();
  const row = await requireItsCase(db, actor, document.caseId);
  return { document, row };
}

async function requireDocumentRow(db: Database, documentId: string): Promise<DocumentRow> {
  const document = await findDocument(db, documentId);
  if (!document) throw notFound();
  return document;
}

/** The name and type a file is kept under, or the error that says what is wrong with it. */
function checkFile(input: AttachDocumentInput): { fileName: string; contentType: string } {
  const fileName = cleanFileName(input.fileNameHeader);
  if (!fileName) throw new AppError('file_name_invalid', { field: 'file' });
  if (input.bytes.length === 0) throw new AppError('file_empty', { field: 'file' });
  if (input.bytes.length > maxDocumentBytes)
    throw new AppError('file_too_large', { field: 'file' });
  const type = keptTypeOf(input.declaredType);
  if (!type) throw new AppError('file_type_not_allowed', { field: 'file' });
  if (!nameMatches(type, fileName) || !contentMatches(type, input.bytes)) {
    const extension = documentTypes.find((entry) => entry.type === type)?.extensions[0] ?? '';
    throw new AppError('file_content_mismatch', { field: 'file', params: { extension } });
  }
  return { fileName, contentType: type };
}
