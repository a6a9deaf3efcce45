import { type DocumentType, documentTypes } from '../../../shared/contracts/documents';

/*
 * What a file is, from its own bytes rather than from what the browser or the name say: a
 * PDF starts "%PDF-", a PNG with its eight-byte signature, a JPEG with FF D8 FF; Word and
 * OpenDocument texts are ZIP archives (PK 03 04) holding their own marks; plain text is valid
 * UTF-8 without NUL.
 */

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const zipSignature = Buffer.from('PK\x03\x04', 'latin1');
/** An OpenDocument archive's first entry, stored uncompressed, names its type (ODF 1.2, 3.3). */
const odtMark = Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text', 'latin1');

const startsWith = (bytes: Buffer, prefix: Buffer | string): boolean =>
  bytes.subarray(0, prefix.length).equals(Buffer.isBuffer(prefix) ? prefix : Buffer.from(prefix));

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether the bytes are a file of this type. */
export function contentMatches(type: DocumentType, bytes: Buffer): boolean {
  switch (type) {
    case 'application/pdf':
      return startsWith(bytes, '%PDF-');
    case 'image/png':
      return startsWith(bytes, pngSignature);
    case 'image/jpeg':
      return startsWith(bytes, Buffer.from([0xff, 0xd8, 0xff]));
    case 'text/plain':
      return isUtf8Text(bytes);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      // Entry names are stored as they are: a Word document lists its parts and word/ folder.
      return (
        startsWith(bytes, zipSignature) &&
        bytes.includes('[Content_Types].xml') &&
        bytes.includes('word/')
      );
    case 'application/vnd.oasis.opendocument.text':
      return startsWith(bytes, zipSignature) && bytes.subarray(0, 200).includes(odtMark);
  }
}

/** The kept type a declared Content-Type names (its parameters, such as charset, aside). */
export function keptTypeOf(declared: string | undefined): DocumentType | undefined {
  const essence = (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return documentTypes.find((entry) => entry.type === essence)?.type;
}

/** Whether the file's name ends as files of this type do. */
export function nameMatches(type: DocumentType, fileName: string): boolean {
  const lower = fileName.toLowerCase();
  const entry = documentTypes.find((candidate) => candidate.type === type);
  return entry?.extensions.some((extension) => lower.endsWith(extension)) ?? false;
}

/**
 * The name a file is kept under: the header's percent-encoding undone, any folder a browser
 * or a tool put before it dropped, control and bidirectional-override characters removed.
 * Undefined when nothing usable is left.
 */
export function cleanFileName(header: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    return undefined;
  }
  const base = decoded.split(/[/\\]/).pop() ?? '';
  // C0 and C1 controls, and the marks that can make 'gpj.exe' read as 'exe.jpg'.
  const cleaned = base.replace(
    // eslint-disable-next-line no-control-regex -- the control characters are what it removes
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    '',
  );
  const trimmed = cleaned.trim();
  if (trimmed === '' || trimmed === '.' || trimmed === '..' || trimmed.length > 255)
    return undefined;
  return trimmed;
}

/**
 * Content-Disposition for a download: an ASCII stand-in for old clients (anything outside
 * printable ASCII, quotes and backslashes become '_') and the real name as RFC 5987
 * `filename*`, so no name can break out of the header.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
