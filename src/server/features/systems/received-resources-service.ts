import type { Database } from '../../db/client';
import {
  type NewReceivedResource,
  type ReceivedResourceRow,
  type ReferralKey,
  type ResourceKey,
  findReceivedResource,
  linkStagedKeeping,
  lockStaged,
  selectStaged,
  selectStagedWithConsents,
  insertStagedNaming,
  insertKeys,
  insertReceivedResources,
  selectCasesOfKeys,
  selectReceivedOfCase,
  selectReceivedOfCases,
} from './received-resources-queries';

export type { NewReceivedResource, ReceivedResourceRow, ReferralKey, ResourceKey };

/** How long a resource posted on its own waits for the Task that makes it a referral. */
export const stagedHours = 24;

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

/** What a client sent with several of its referrals, of the types asked, in one read. */
export function listReceivedOfCases(
  db: Database,
  clientId: string,
  caseIds: readonly string[],
  resourceTypes: readonly string[],
): Promise<ReceivedResourceRow[]> {
  return selectReceivedOfCases(db, clientId, caseIds, resourceTypes);
}

/** The client's staged resources among these keys. */
export function findStaged(
  db: Database,
  clientId: string,
  keys: readonly ResourceKey[],
): Promise<ReceivedResourceRow[]> {
  return selectStaged(db, clientId, keys);
}

/**
 * Stages a resource a system posted on its own, if all it names (each key once) are staged
 * resources of the same client: whether it was kept, and which named ones were found.
 */
export function stageNaming(
  db: Database,
  row: NewReceivedResource,
  named: readonly ResourceKey[],
): Promise<{ kept: boolean; found: ResourceKey[] }> {
  return insertStagedNaming(db, row, named);
}

/** Both reads above in one round trip: what a Task names, and its Patient's staged Consents. */
export function findStagedWithConsents(
  db: Database,
  clientId: string,
  keys: readonly ResourceKey[],
  patientReference: string,
): Promise<{ named: ReceivedResourceRow[]; consents: ReceivedResourceRow[] }> {
  return selectStagedWithConsents(db, clientId, keys, patientReference);
}

/**
 * Takes staged resources for a Task's case, in its transaction: false (nothing taken) when a
 * concurrent Task took any of them first.
 */
export async function takeStaged(
  db: Database,
  clientId: string,
  keys: readonly ResourceKey[],
): Promise<boolean> {
  return (await lockStaged(db, clientId, keys)) === keys.length;
}

/**
 * Links taken staged resources to the case their Task made (after the case is written), and
 * keeps the Task, in one round trip.
 */
export function attachStaged(
  db: Database,
  caseId: string,
  keys: readonly ResourceKey[],
  task: NewReceivedResource,
): Promise<void> {
  return linkStagedKeeping(db, caseId, keys, [task]);
}
