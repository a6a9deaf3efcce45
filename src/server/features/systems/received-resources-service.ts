import type { Database } from '../../db/client';
import {
  type NewReceivedResource,
  type ReceivedResourceRow,
  type ReferralKey,
  findReceivedResource,
  insertKeys,
  insertReceivedResources,
  selectCasesOfKeys,
  selectReceivedOfCase,
} from './received-resources-queries';

export type { NewReceivedResource, ReceivedResourceRow, ReferralKey };

/**
 * Claims a new referral's keys for its case, first thing in its transaction. Undefined when
 * they are all its own; otherwise the cases that already hold some of them (one: a repeat of
 * that referral; several: the request is ambiguous), and the caller rolls back. A concurrent
 * copy waits here until the first commits, then finds its case.
 */
export async function claimReferralKeys(
  db: Database,
  clientId: string,
  caseId: string,
  keys: readonly ReferralKey[],
): Promise<string[] | undefined> {
  if (await insertKeys(db, clientId, caseId, keys)) return undefined;
  const held = await selectCasesOfKeys(db, clientId, keys);
  return held.filter((id) => id !== caseId);
}

/** The cases a client's keys already name (a conditional create's lookup), each once. */
export function findCasesOfKeys(
  db: Database,
  clientId: string,
  keys: readonly ReferralKey[],
): Promise<string[]> {
  return selectCasesOfKeys(db, clientId, keys);
}

/** Keeps what a system sent with its referral, in the referral's transaction. */
export function keepReceivedResources(
  db: Database,
  rows: readonly NewReceivedResource[],
): Promise<void> {
  return insertReceivedResources(db, rows);
}

/** One kept resource, whoever sent it: the caller checks it is the reader's. */
export function getReceivedResource(
  db: Database,
  resourceType: string,
  id: string,
): Promise<ReceivedResourceRow | undefined> {
  return findReceivedResource(db, resourceType, id);
}

/** What a client sent with one of its referrals, in its Bundle's order. */
export function listReceivedOfCase(
  db: Database,
  clientId: string,
  caseId: string,
  resourceTypes?: readonly string[],
): Promise<ReceivedResourceRow[]> {
  return selectReceivedOfCase(db, clientId, caseId, resourceTypes);
}
