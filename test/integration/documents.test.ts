import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDocument, CaseDocumentList } from '../../src/shared/contracts/documents';
import { auditEvents, caseDocuments, cases } from '../../src/server/db/schema';
import { type Client, errorOf, type TestApp } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase } from '../helpers/factories';

/*
 * Documents kept with a case: a link worker attaches a signed consent or a letter, the
 * team lists and downloads them, and a document removed leaves a line but no file. The
 * home link worker reads French, the site manager English.
 */

let cast: Cast;
let t: TestApp;
let linkWorker: Client;
let manager: Client;

beforeAll(async () => {
  cast = await startCast();
  t = cast.t;
  linkWorker = cast.linkWorker.client;
  manager = cast.manager.client;
});
afterAll(() => cast.close());

const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const odtType = 'application/vnd.oasis.opendocument.text';

/** Small files of each kept type, as their programs write their first bytes. */
const files = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  png: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01', 'latin1'),
  ]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  text: Buffer.from('Lettre de Mme Gagnon : elle aimerait chanter de nouveau. Café ☕\n'),
  docx: Buffer.concat([
    Buffer.from('PK\x03\x04\x14\0\0\0\x08\0', 'latin1'),
    Buffer.from('[Content_Types].xml ... PK\x03\x04 word/document.xml', 'latin1'),
  ]),
  odt: Buffer.concat([
    Buffer.from('PK\x03\x04', 'latin1'),
    Buffer.alloc(26),
    Buffer.from('mimetypeapplication/vnd.oasis.opendocument.textPK\x03\x04content.xml', 'latin1'),
  ]),
};

type Upload = { name: string; type: string; bytes: Buffer; kind?: string };

function attach(client: Client, caseId: string, file: Upload): Promise<LightMyRequestResponse> {
  return client.request(
    'POST',
    `/api/cases/${caseId}/documents?kind=${file.kind ?? 'letter'}`,
    file.bytes,
    { 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name) },
  );
}

async function attached(client: Client, caseId: string, file: Upload): Promise<CaseDocument> {
  const response = await attach(client, caseId, file);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<CaseDocument>();
}

/** A case of the home site, assigned to its link worker. */
async function activeCase(): Promise<string> {
  const { id } = await makeCase(t.database.db, cast.homeSiteId, {
    referrerAccountId: cast.referrer.id,
  });
  await t.database.db
    .update(cases)
    .set({ status: 'active', assignedTo: cast.linkWorker.id })
    .where(eq(cases.id, id));
  return id;
}

async function list(client: Client, caseId: string): Promise<CaseDocumentList> {
  const response = await client.get(`/api/cases/${caseId}/documents`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CaseDocumentList>();
}

async function storedRow(id: string): Promise<typeof caseDocuments.$inferSelect | undefined> {
  const [row] = await t.database.db.select().from(caseDocuments).where(eq(caseDocuments.id, id));
  return row;
}

async function eventsOf(caseId: string, action: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, action)));
}

describe('attaching a document', () => {
  it.each([
    ['a PDF', { name: 'consentement-signé.pdf', type: 'application/pdf', bytes: files.pdf }],
    ['a PNG image', { name: 'scan.png', type: 'image/png', bytes: files.png }],
    ['a JPEG photo', { name: 'photo.JPG', type: 'image/jpeg', bytes: files.jpeg }],
    ['a JPEG (.jpeg)', { name: 'photo.jpeg', type: 'image/jpeg', bytes: files.jpeg }],
    ['plain text', { name: 'note.txt', type: 'text/plain; charset=utf-8', bytes: files.text }],
    ['a Word document', { name: 'lettre.docx', type: wordType, bytes: files.docx }],
    ['an OpenDocument text', { name: 'rapport.odt', type: odtType, bytes: files.odt }],
  ])('keeps %s with its kind, name, size and SHA-256', async (_what, file) => {
    const caseId = await activeCase();
    const document = await attached(linkWorker, caseId, { ...file, kind: 'consent' });
    expect(document).toMatchObject({
      caseId,
      kind: 'consent',
      fileName: file.name,
      contentType: file.type.split(';')[0],
      sizeBytes: file.bytes.length,
      removedAt: null,
    });
    const row = await storedRow(document.id);
    expect(row?.sha256).toBe(createHash('sha256').update(file.bytes).digest('hex'));
    expect(row?.content.equals(file.bytes)).toBe(true);
    const [event] = await eventsOf(caseId, 'document.attached');
    expect(event?.details).toMatchObject({ documentId: document.id, kind: 'consent' });
    // The trail keeps facts, not the file's name (it may hold the person's).
    expect(JSON.stringify(event?.details)).not.toContain(file.name);
  });

  it('lists a case’s documents newest first, with who added them, and never their bytes', async () => {
    const caseId = await activeCase();
    await attached(linkWorker, caseId, {
      name: 'a.pdf',
      type: 'application/pdf',
      bytes: files.pdf,
    });
    await attached(manager, caseId, { name: 'b.txt', type: 'text/plain', bytes: files.text });
    const listed = await list(manager, caseId);
    expect(listed.items.map((d) => d.fileName)).toEqual(['b.txt', 'a.pdf']);
    expect(listed.items[1]?.uploadedByName).toMatch(/\S/);
    expect(listed.permissions).toEqual({ canAttach: true, canRemove: true });
    expect(JSON.stringify(listed)).not.toContain('%PDF');
    expect(await eventsOf(caseId, 'documents.viewed')).toHaveLength(1);
  });

  it('keeps only the file’s own name, without a folder or control characters', async () => {
    const caseId = await activeCase();
    const document = await attached(linkWorker, caseId, {
      name: '..\\..\\C:\\Users\\lw/lettre\u202Efdp.txt',
      type: 'text/plain',
      bytes: files.text,
    });
    expect(document.fileName).toBe('lettrefdp.txt');
  });

  it('refuses a file over 10 MB, saying so at the file field in the user’s language', async () => {
    const caseId = await activeCase();
    const bytes = Buffer.concat([files.pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const response = await attach(linkWorker, caseId, {
      name: 'big.pdf',
      type: 'application/pdf',
      bytes,
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toMatchObject({ code: 'file_too_large', field: 'file' });
    expect(errorOf(response).message).toContain('10\u00a0Mo');
    expect(await list(linkWorker, caseId)).toMatchObject({ items: [] });
  });

  it('refuses a file whose content is not what its type and name say', async () => {
    const caseId = await activeCase();
    const refusals: [Upload, string][] = [
      [{ name: 'consent.pdf', type: 'application/pdf', bytes: files.png }, '.pdf'],
      [{ name: 'photo.png', type: 'image/png', bytes: files.jpeg }, '.png'],
      [{ name: 'photo.jpg', type: 'image/jpeg', bytes: files.pdf }, '.jpg'],
      [{ name: 'note.txt', type: 'text/plain', bytes: Buffer.from('a\0b') }, '.txt'],
      [{ name: 'note.txt', type: 'text/plain', bytes: Buffer.from([0x61, 0xc3, 0x28]) }, '.txt'],
      [{ name: 'lettre.docx', type: wordType, bytes: files.odt }, '.docx'],
      [{ name: 'rapport.odt', type: odtType, bytes: files.docx }, '.odt'],
      [{ name: 'letter.docx', type: wordType, bytes: files.pdf }, '.docx'],
      // A PDF by its bytes and type, but named as something else.
      [{ name: 'consent.exe', type: 'application/pdf', bytes: files.pdf }, '.pdf'],
    ];
    for (const [file, extension] of refusals) {
      const response = await attach(manager, caseId, file);
      expect(response.statusCode, file.name).toBe(422);
      const error = errorOf(response);
      expect(error).toMatchObject({ code: 'file_content_mismatch', field: 'file' });
      expect(error.message).toContain(`not that of a ${extension} file`);
    }
    const french = await attach(linkWorker, caseId, refusals[0]?.[0] as Upload);
    expect(errorOf(french).message).toContain('n’est pas celui d’un fichier .pdf');
    expect((await list(manager, caseId)).items).toEqual([]);
  });

  it('refuses a type a case does not keep, and an empty file', async () => {
    const caseId = await activeCase();
    for (const type of ['application/zip', 'text/html', 'application/octet-stream']) {
      const response = await attach(manager, caseId, { name: 'a.pdf', type, bytes: files.pdf });
      expect(response.statusCode, type).toBe(415);
      expect(errorOf(response)).toMatchObject({ code: 'file_type_not_allowed', field: 'file' });
      expect(errorOf(response).message).toContain('.docx, .odt');
    }
    const empty = await attach(manager, caseId, {
      name: 'a.pdf',
      type: 'application/pdf',
      bytes: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(422);
    expect(errorOf(empty)).toMatchObject({ code: 'file_empty', field: 'file' });
  });

  it('refuses an unknown kind, and a file without a name', async () => {
    const caseId = await activeCase();
    const file = { name: 'a.pdf', type: 'application/pdf', bytes: files.pdf };
    const unknownKind = await attach(manager, caseId, { ...file, kind: 'passport' });
    expect(unknownKind.statusCode).toBe(400);
    expect(errorOf(unknownKind)).toMatchObject({ code: 'validation_failed', field: 'kind' });
    const noName = await manager.request(
      'POST',
      `/api/cases/${caseId}/documents?kind=letter`,
      files.pdf,
      { 'content-type': 'application/pdf' },
    );
    expect(noName.statusCode).toBe(400);
    expect(errorOf(noName).field).toBe('x-file-name');
    expect((await list(manager, caseId)).items).toEqual([]);
  });

  it('takes no document on a closed case, whose documents stay readable', async () => {
    const caseId = await activeCase();
    const kept = await attached(linkWorker, caseId, {
      name: 'a.pdf',
      type: 'application/pdf',
      bytes: files.pdf,
    });
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date(), closureReason: 'goals_met' })
      .where(eq(cases.id, caseId));
    const refused = await attach(manager, caseId, {
      name: 'b.pdf',
      type: 'application/pdf',
      bytes: files.pdf,
    });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('case_closed');
    expect((await list(manager, caseId)).permissions).toEqual({
      canAttach: false,
      canRemove: false,
    });
    expect((await manager.get(`/api/documents/${kept.id}/content`)).statusCode).toBe(200);
    expect((await manager.delete(`/api/documents/${kept.id}`)).statusCode).toBe(409);
  });
});

describe('downloading a document', () => {
  it('sends back the same bytes as an attachment, uncached, and audits who took which', async () => {
    const caseId = await activeCase();
    const name = 'Consentement signé "Gagnon".pdf';
    const document = await attached(linkWorker, caseId, {
      name,
      type: 'application/pdf',
      bytes: files.pdf,
      kind: 'consent',
    });
    const response = await manager.get(`/api/documents/${document.id}/content`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(files.pdf)).toBe(true);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Consentement sign_ _Gagnon_.pdf"; filename*=UTF-8''Consentement%20sign%C3%A9%20%22Gagnon%22.pdf`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    const [event] = await eventsOf(caseId, 'document.downloaded');
    expect(event).toMatchObject({
      outcome: 'success',
      subjectType: 'case',
      siteId: cast.homeSiteId,
      details: { documentId: document.id, kind: 'consent' },
    });
    expect(event?.actorId).not.toBeNull();
    expect(event?.actorId).not.toBe(cast.linkWorker.id);
  });

  it('sends plain text as UTF-8', async () => {
    const caseId = await activeCase();
    const document = await attached(linkWorker, caseId, {
      name: 'note.txt',
      type: 'text/plain',
      bytes: files.text,
    });
    const response = await linkWorker.get(`/api/documents/${document.id}/content`);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.rawPayload.equals(files.text)).toBe(true);
  });

  it('answers an unknown document with not found', async () => {
    const response = await manager.get(`/api/documents/${crypto.randomUUID()}/content`);
    expect(response.statusCode).toBe(404);
  });
});

describe('removing a document', () => {
  it('erases the file, keeps who removed it and when, and audits it', async () => {
    const caseId = await activeCase();
    const document = await attached(linkWorker, caseId, {
      name: 'wrong-person.pdf',
      type: 'application/pdf',
      bytes: files.pdf,
    });
    const response = await manager.delete(`/api/documents/${document.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const removed = response.json<CaseDocument>();
    expect(removed.removedAt).not.toBeNull();
    expect(removed.removedByName).toMatch(/\S/);
    const row = await storedRow(document.id);
    expect(row?.content.length).toBe(0);
    expect(row?.removedBy).not.toBeNull();
    const listed = await list(linkWorker, caseId);
    expect(listed.items).toEqual([removed]);
    const download = await linkWorker.get(`/api/documents/${document.id}/content`);
    expect(download.statusCode).toBe(410);
    expect(errorOf(download).code).toBe('document_removed');
    const again = await manager.delete(`/api/documents/${document.id}`);
    expect(again.statusCode).toBe(410);
    expect(await eventsOf(caseId, 'document.removed')).toHaveLength(1);
  });
});

describe('who may keep documents', () => {
  it('refuses another site’s link worker and a partner, and audits each refusal', async () => {
    const caseId = await activeCase();
    const document = await attached(linkWorker, caseId, {
      name: 'a.pdf',
      type: 'application/pdf',
      bytes: files.pdf,
    });
    const file = { name: 'b.pdf', type: 'application/pdf', bytes: files.pdf };
    for (const [caller, status] of [
      [cast.others.otherSiteLinkWorker, 404],
      [cast.others.partner, 403],
      [cast.referrer.client, 403],
    ] as const) {
      expect((await caller.get(`/api/cases/${caseId}/documents`)).statusCode).toBe(status);
      expect((await attach(caller, caseId, file)).statusCode).toBe(status);
      const download = await caller.get(`/api/documents/${document.id}/content`);
      expect(download.statusCode).toBe(status);
      expect(download.rawPayload.includes('%PDF')).toBe(false);
      expect((await caller.delete(`/api/documents/${document.id}`)).statusCode).toBe(status);
    }
    expect(await eventsOf(caseId, 'access.denied')).toHaveLength(12);
    expect(await eventsOf(caseId, 'document.downloaded')).toEqual([]);
    expect((await list(linkWorker, caseId)).items).toHaveLength(1);
    expect((await storedRow(document.id))?.content.equals(files.pdf)).toBe(true);
  });
});
