/*
 * What a case's documents may be (kinds, types, size, the header of the file's name): plain
 * values without zod, so that the case screen's first visit does not bring the schema library
 * (contracts/documents.ts re-exports them beside the schemas).
 */

export const documentKinds = ['consent', 'letter', 'report', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];

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
