import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { caseDocumentsApiPath } from '../../../shared/case-api-paths';
import type { CaseDocument, CaseDocumentList } from '../../../shared/contracts/documents';
import { type DocumentKind, documentTypeOfName, fileNameHeader } from '../../../shared/documents';
import { apiRequest } from '../../api';

export const caseDocumentsKey = (caseId: string): readonly string[] => ['case-documents', caseId];

export function useCaseDocuments(caseId: string): UseQueryResult<CaseDocumentList> {
  return useQuery({
    queryKey: caseDocumentsKey(caseId),
    queryFn: () => apiRequest<CaseDocumentList>('GET', caseDocumentsApiPath(caseId)),
  });
}

/**
 * Sends the file itself as the body; its name goes in a header, never in the address. A
 * browser that does not know a type (.odt, often) sends the one its name's ending stands for.
 */
export function attachDocument(
  caseId: string,
  kind: DocumentKind,
  file: File,
): Promise<CaseDocument> {
  return apiRequest<CaseDocument>('POST', `/api/cases/${caseId}/documents`, {
    query: { kind },
    file: {
      content: file,
      type: file.type || documentTypeOfName(file.name) || 'application/octet-stream',
      headers: { [fileNameHeader]: encodeURIComponent(file.name) },
    },
  });
}

export function removeDocument(id: string): Promise<CaseDocument> {
  return apiRequest<CaseDocument>('DELETE', `/api/documents/${id}`);
}

/** Where a document's file is downloaded: by its id alone. */
export function documentContentUrl(id: string): string {
  return `/api/documents/${id}/content`;
}
