import { describe, expect, it } from 'vitest';
import {
  attachmentDisposition,
  cleanFileName,
  contentMatches,
  keptTypeOf,
  nameMatches,
} from './documents-rules';

describe('what a file is, from its bytes', () => {
  it('knows a PDF, a PNG and a JPEG by their first bytes', () => {
    expect(contentMatches('application/pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(contentMatches('application/pdf', Buffer.from('%PDF'))).toBe(false);
    expect(contentMatches('image/png', Buffer.from('89504e470d0a1a0a00', 'hex'))).toBe(true);
    expect(contentMatches('image/png', Buffer.from('89504e470d0a1a', 'hex'))).toBe(false);
    expect(contentMatches('image/jpeg', Buffer.from('ffd8ffdb', 'hex'))).toBe(true);
    expect(contentMatches('image/jpeg', Buffer.from('ffd8fe', 'hex'))).toBe(false);
  });

  it('takes as text only valid UTF-8 without NUL', () => {
    expect(contentMatches('text/plain', Buffer.from('Café, thé ☕\n'))).toBe(true);
    expect(contentMatches('text/plain', Buffer.from('a\0b'))).toBe(false);
    expect(contentMatches('text/plain', Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(false);
  });

  it('tells a Word document from an OpenDocument text, both ZIP archives', () => {
    const zip = 'PK\x03\x04';
    const word = Buffer.from(`${zip}....[Content_Types].xml....word/document.xml`, 'latin1');
    const odt = Buffer.concat([
      Buffer.from(zip, 'latin1'),
      Buffer.alloc(26),
      Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text', 'latin1'),
    ]);
    const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const odtType = 'application/vnd.oasis.opendocument.text';
    expect(contentMatches(docxType, word)).toBe(true);
    expect(contentMatches(odtType, odt)).toBe(true);
    expect(contentMatches(docxType, odt)).toBe(false);
    expect(contentMatches(odtType, word)).toBe(false);
    expect(contentMatches(docxType, Buffer.from('[Content_Types].xml word/', 'latin1'))).toBe(
      false,
    );
  });
});

describe('what a file says it is', () => {
  it('reads the declared type without its parameters', () => {
    expect(keptTypeOf('text/plain; charset=utf-8')).toBe('text/plain');
    expect(keptTypeOf('Application/PDF')).toBe('application/pdf');
    expect(keptTypeOf('application/zip')).toBeUndefined();
    expect(keptTypeOf(undefined)).toBeUndefined();
  });

  it('wants the name’s ending to go with the type', () => {
    expect(nameMatches('image/jpeg', 'Photo.JPEG')).toBe(true);
    expect(nameMatches('image/jpeg', 'photo.jpg')).toBe(true);
    expect(nameMatches('application/pdf', 'consent.pdf.exe')).toBe(false);
  });
});

describe('the name a file is kept and sent under', () => {
  it('drops folders, controls and direction marks', () => {
    expect(cleanFileName(encodeURIComponent('C:\\Users\\x\\lettre.pdf'))).toBe('lettre.pdf');
    expect(cleanFileName(encodeURIComponent('../../etc/passwd.txt'))).toBe('passwd.txt');
    expect(cleanFileName(encodeURIComponent('a\u202Efdp.exe\r\n'))).toBe('afdp.exe');
    expect(cleanFileName(encodeURIComponent('Consentement signé.pdf'))).toBe(
      'Consentement signé.pdf',
    );
  });

  it('refuses what leaves no name, or a broken encoding', () => {
    expect(cleanFileName('%E0%A4%A')).toBeUndefined();
    expect(cleanFileName(encodeURIComponent('folder/'))).toBeUndefined();
    expect(cleanFileName(encodeURIComponent('..'))).toBeUndefined();
    expect(cleanFileName(encodeURIComponent(`${'a'.repeat(256)}.pdf`))).toBeUndefined();
  });

  it('sends an ASCII stand-in and the real name, neither able to break the header', () => {
    expect(attachmentDisposition('Évaluation "finale"; x.pdf')).toBe(
      `attachment; filename="_valuation _finale_; x.pdf"; filename*=UTF-8''%C3%89valuation%20%22finale%22%3B%20x.pdf`,
    );
    expect(attachmentDisposition("l'avis (1).txt")).toBe(
      `attachment; filename="l'avis (1).txt"; filename*=UTF-8''l%27avis%20%281%29.txt`,
    );
  });
});
