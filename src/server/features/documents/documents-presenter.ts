import type { CaseDocument } from '../../../shared/contracts/documents';
import type { DocumentRow } from './documents-queries';

export function presentDocument(row: DocumentRow): CaseDocument {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    uploadedByName: row.uploadedByName,
    uploadedAt: row.createdAt.toISOString(),
    removedAt: row.removedAt?.toISOString() ?? null,
    removedByName: row.removedAt ? row.removedByName : null,
  };
}
