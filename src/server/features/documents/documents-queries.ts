import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { accounts, caseDocuments } from '../../db/schema';

/** A document as lists show it: never its bytes. */
export type DocumentRow = Omit<typeof caseDocuments.$inferSelect, 'content'> & {
  uploadedByName: string;
  removedByName: string | null;
};
export type DocumentInsert = Omit<typeof caseDocuments.$inferInsert, 'id' | 'createdAt'>;

const uploader = alias(accounts, 'uploader');
const remover = alias(accounts, 'remover');

const listed = {
  id: caseDocuments.id,
  caseId: caseDocuments.caseId,
  kind: caseDocuments.kind,
  fileName: caseDocuments.fileName,
  contentType: caseDocuments.contentType,
  sizeBytes: caseDocuments.sizeBytes,
  sha256: caseDocuments.sha256,
  uploadedBy: caseDocuments.uploadedBy,
  removedAt: caseDocuments.removedAt,
  removedBy: caseDocuments.removedBy,
  createdAt: caseDocuments.createdAt,
  uploadedByName: uploader.displayName,
  removedByName: remover.displayName,
};

function selectListed(db: Database) {
  return db
    .select(listed)
    .from(caseDocuments)
    .innerJoin(uploader, eq(uploader.id, caseDocuments.uploadedBy))
    .leftJoin(remover, eq(remover.id, caseDocuments.removedBy));
}

/** A case's documents, newest first, without their bytes. */
export async function selectCaseDocuments(db: Database, caseId: string): Promise<DocumentRow[]> {
  return selectListed(db)
    .where(eq(caseDocuments.caseId, caseId))
    .orderBy(desc(caseDocuments.createdAt), desc(caseDocuments.id));
}

export async function findDocument(db: Database, id: string): Promise<DocumentRow | undefined> {
  const [row] = await selectListed(db).where(eq(caseDocuments.id, id));
  return row;
}

export async function insertDocument(db: Database, values: DocumentInsert): Promise<string> {
  const [row] = await db.insert(caseDocuments).values(values).returning({ id: caseDocuments.id });
  if (!row) throw new Error('insert into case_documents returned no row');
  return row.id;
}

/** The bytes of a document still on its case. */
export async function findDocumentContent(db: Database, id: string): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ content: caseDocuments.content })
    .from(caseDocuments)
    .where(and(eq(caseDocuments.id, id), isNull(caseDocuments.removedAt)));
  return row?.content;
}

/**
 * Removes a document from its case in one statement: who and when are set and the bytes
 * cleared together. False when it was already removed.
 */
export async function removeDocument(db: Database, id: string, by: string): Promise<boolean> {
  const rows = await db
    .update(caseDocuments)
    .set({ removedAt: sql`now()`, removedBy: by, content: sql`''::bytea` })
    .where(and(eq(caseDocuments.id, id), isNull(caseDocuments.removedAt)))
    .returning({ id: caseDocuments.id });
  return rows.length > 0;
}
