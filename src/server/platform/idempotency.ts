import { createHash } from 'node:crypto';
import { TransactionRollbackError, and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { AppError } from './errors';
import { registerRecurringJob } from './jobs';

/*
 * Idempotency-Key on creates. A client that lost the answer to a create (a dropped
 * connection, a restarted app) sends it again with the same key and gets the first answer
 * instead of a second record. The key is inserted first in a transaction that the create
 * then runs in, and its answer stored before the commit: the key exists exactly when the
 * create does, and a concurrent request with the same key waits on the key's row until the
 * first commits (then replays it) or rolls back (then creates). Keys live 24 hours.
 */

/** Whose keys a route's creates share: the signed-in account's, or the public forms' pool. */
export type IdempotencyScope = 'actor' | 'public';

/** A route's `config` for a create that takes an Idempotency-Key from a signed-in caller. */
export const idempotent = { idempotency: 'actor' } as const satisfies {
  idempotency: IdempotencyScope;
};

export const idempotencyKeyHeader = 'idempotency-key';

/** How long a key answers retries; the purge job deletes it after. */
export const idempotencyKeyHours = 24;

export const idempotencyPurgeJob = 'idempotency.purge';

const description =
  'Makes the create safe to retry: a request with a key already used by the same caller in the last 24 hours returns the first answer (same status and body, with `Idempotent-Replayed: true`) and creates nothing; the same key with another body is refused with 422 `idempotency_key_reused`. Use a new random key (a UUID) for each new create, the same one for its retries.';

/** The header as a route's schema declares it (for validation and the API description). */
export const IdempotencyKeyHeaders = z.looseObject({
  [idempotencyKeyHeader]: z
    .string()
    .min(8)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe(description),
});

type KeyedWrite = {
  scope: string;
  key: string;
  tx: Database;
  finish(commit: boolean): Promise<void>;
};

declare module 'fastify' {
  // Module augmentation only works with an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyContextConfig {
    idempotency?: IdempotencyScope;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    idempotentWrite: KeyedWrite | null;
  }
}

/**
 * The database a create writes through: inside its key's transaction when the request
 * carries an Idempotency-Key, the pool otherwise.
 */
export function writeDatabase(request: FastifyRequest, db: Database): Database {
  return request.idempotentWrite?.tx ?? db;
}

/**
 * Applies Idempotency-Key to every route whose config names an `idempotency` scope. Register
 * before compression (the stored answer is the uncompressed one, compressed anew on replay)
 * and before the refusal audit (its onError runs after this one's rollback).
 */
export function registerIdempotency(app: FastifyInstance, db: Database): void {
  app.decorateRequest('idempotentWrite', null);
  app.addHook('onRoute', (route) => {
    const scope = route.config?.idempotency;
    if (!scope) return;
    route.schema = { ...route.schema, headers: route.schema?.headers ?? IdempotencyKeyHeaders };
    route.preHandler = [
      ...[route.preHandler ?? []].flat(),
      (request: FastifyRequest, reply: FastifyReply) => claimKey(db, scope, request, reply),
    ] as RouteOptions['preHandler'];
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const write = request.idempotentWrite;
    if (!write) return payload;
    request.idempotentWrite = null;
    const body = bodyText(payload);
    if (reply.statusCode >= 300 || body === undefined) {
      await write.finish(false);
      return payload;
    }
    try {
      await storeAnswer(write, reply.statusCode, answerHeaders(reply), body);
    } catch (error) {
      await write.finish(false).catch(() => undefined);
      throw error;
    }
    // A failed commit is the caller's error (503 when the database went away): its retry with
    // the same key finds the create if the commit did land, and makes it otherwise.
    await write.finish(true);
    return payload;
  });
  // A failed create rolls back before anything else hears of the error: the refusal audit
  // (features/audit) writes on its own connection, after the transaction, as without a key.
  app.addHook('onError', async (request) => {
    const write = request.idempotentWrite;
    request.idempotentWrite = null;
    await write?.finish(false);
  });
  // An answer that never went through onSend (the connection dropped first) keeps nothing.
  app.addHook('onResponse', async (request) => {
    const write = request.idempotentWrite;
    request.idempotentWrite = null;
    await write?.finish(false);
  });
}

async function claimKey(
  db: Database,
  scope: IdempotencyScope,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const key = request.headers[idempotencyKeyHeader];
  if (typeof key !== 'string') return undefined;
  const owner = scope === 'public' ? 'public' : request.actor?.accountId;
  // Not signed in: the route refuses the request itself.
  if (!owner) return undefined;
  const requestHash = hashOf(request);
  const write = await openTransaction(db);
  let claimed: boolean;
  try {
    claimed = await insertKey(write.tx, owner, key, requestHash);
  } catch (error) {
    await write.finish(false).catch(() => undefined);
    throw error;
  }
  if (claimed) {
    request.idempotentWrite = { scope: owner, key, ...write };
    return undefined;
  }
  await write.finish(false);
  const stored = await selectAnswer(db, owner, key);
  // Gone between the insert and this read (purged as it turned 24 h): try again shortly.
  if (!stored) throw new AppError('database_unavailable');
  if (stored.requestHash !== requestHash) {
    throw new AppError('idempotency_key_reused', { field: 'Idempotency-Key' });
  }
  return reply
    .code(stored.statusCode)
    .headers({ ...stored.headers, 'idempotent-replayed': 'true' })
    .send(stored.body);
}

/** The method, address and body: what makes two requests the same create. */
function hashOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

function bodyText(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined;
}

/** The headers a replay must repeat: what the body is and where the created record lives. */
const repeatedHeaders = ['content-type', 'location', 'content-location', 'etag', 'last-modified'];

function answerHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of repeatedHeaders) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

/**
 * A transaction opened now and ended later by `finish` (commit or roll back), so that it can
 * span a request's hooks and handler. Writes inside it through `tx`; services that open
 * their own transaction get a savepoint.
 */
async function openTransaction(db: Database): Promise<Omit<KeyedWrite, 'scope' | 'key'>> {
  let decide: (commit: boolean) => void = () => undefined;
  const decision = new Promise<boolean>((resolve) => {
    decide = resolve;
  });
  let opened: (tx: Database) => void = () => undefined;
  const ready = new Promise<Database>((resolve) => {
    opened = resolve;
  });
  const done = db.transaction(async (tx) => {
    opened(tx);
    if (!(await decision)) tx.rollback();
  });
  const tx = await Promise.race([
    ready,
    done.then(() => {
      throw new Error('the transaction ended before it opened');
    }),
  ]);
  let finished: Promise<void> | undefined;
  const finish = (commit: boolean): Promise<void> => {
    if (!finished) {
      decide(commit);
      finished = done.catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    }
    return finished;
  };
  return { tx, finish };
}

/** True when this transaction now holds the key; waits for another one that holds it. */
async function insertKey(
  tx: Database,
  scope: string,
  key: string,
  requestHash: string,
): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

async function storeAnswer(
  write: KeyedWrite,
  statusCode: number,
  headers: Record<string, string>,
  body: string,
): Promise<void> {
  await write.tx
    .update(idempotencyKeys)
    .set({ statusCode, headers, body })
    .where(and(eq(idempotencyKeys.scope, write.scope), eq(idempotencyKeys.key, write.key)));
}

type StoredAnswer = {
  requestHash: string;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};

async function selectAnswer(
  db: Database,
  scope: string,
  key: string,
): Promise<StoredAnswer | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row || row.statusCode === null || row.body === null) return undefined;
  return {
    requestHash: row.requestHash,
    statusCode: row.statusCode,
    headers: row.headers ?? {},
    body: row.body,
  };
}

/** Deletes the keys older than a day; returns how many. */
export async function purgeIdempotencyKeys(db: Database): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(
      lt(
        idempotencyKeys.createdAt,
        sql`now() - make_interval(hours => ${sql.raw(String(idempotencyKeyHours))})`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}

// Hourly: a key outlives its 24 hours by at most an hour.
registerRecurringJob(idempotencyPurgeJob, 60 * 60_000, async (db) => {
  await purgeIdempotencyKeys(db);
});
