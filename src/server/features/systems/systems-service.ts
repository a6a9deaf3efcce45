import { randomUUID } from 'node:crypto';
import { importJWK } from 'jose';
import type {
  CreateFhirClientBody,
  DeactivateFhirClientBody,
  FhirClient,
  FhirClientList,
  Jwks,
  UpdateFhirClientBody,
} from '../../../shared/contracts/systems';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { createSystemAccount, setSystemAccountSites, updateSystemAccount } from '../accounts';
import { recordAudit } from '../audit';
import { canManageSystems } from './systems-policy';
import { presentClient } from './systems-presenter';
import {
  type FhirClientPatch,
  type FhirClientRow,
  countSites,
  deleteTokensOfClient,
  findClient,
  insertClient,
  selectClients,
  updateClientAtVersion,
} from './systems-queries';
import {
  assertionAlgorithms,
  formatScope,
  jwksProblem,
  mergeScopes,
  parseScope,
  type Scope,
  systemAccountEmail,
} from './systems-rules';

function authorize(actor: Actor): void {
  if (!canManageSystems(actor)) throw forbidden();
}

export async function listClients(db: Database, actor: Actor): Promise<FhirClientList> {
  authorize(actor);
  return { items: (await selectClients(db)).map(presentClient) };
}

export async function getClient(db: Database, actor: Actor, id: string): Promise<FhirClient> {
  authorize(actor);
  return presentClient(await loadClient(db, id));
}

/**
 * Registers a system: its client and its system account (referrer at each of its sites),
 * in one transaction with the audit event. The keys are checked before anything is written.
 */
export async function createClient(
  db: Database,
  actor: Actor,
  input: CreateFhirClientBody,
): Promise<FhirClient> {
  authorize(actor);
  const allowedScopes = normaliseAllowedScopes(input.allowedScopes);
  await checkJwks(input.jwks);
  const siteIds = await checkSites(db, input.siteIds);
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const accountId = await createSystemAccount(tx, {
      email: systemAccountEmail(id),
      displayName: input.name,
      locale: input.locale,
      siteIds,
    });
    await insertClient(tx, {
      id,
      accountId,
      name: input.name,
      locale: input.locale,
      jwks: input.jwks,
      allowedScopes,
      endpointOrigins: input.endpointOrigins,
    });
    await recordAudit(tx, actor, {
      action: 'system.created',
      subjectType: 'fhir_client',
      subjectId: id,
      details: { accountId, siteIds, allowedScopes, kids: kidsOf(input.jwks) },
    });
    return presentClient(await loadClient(tx, id));
  });
}

/**
 * Changes what was registered. New scopes or keys end the tokens already issued (they were
 * granted under the old ones); new sites take effect at the next request (grants are read
 * with each token).
 */
export async function updateClient(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateFhirClientBody,
): Promise<FhirClient> {
  authorize(actor);
  const { version, siteIds: requestedSites, allowedScopes: requestedScopes, ...rest } = input;
  const patch: FhirClientPatch = { ...rest };
  if (requestedScopes) patch.allowedScopes = normaliseAllowedScopes(requestedScopes);
  if (input.jwks) await checkJwks(input.jwks);
  const siteIds = requestedSites ? await checkSites(db, requestedSites) : undefined;
  return db.transaction(async (tx) => {
    const before = await loadClient(tx, id);
    if (!(await updateClientAtVersion(tx, id, version, patch))) throw staleVersion();
    if (input.name !== undefined || input.locale !== undefined) {
      await updateSystemAccount(tx, before.accountId, {
        ...(input.name !== undefined ? { displayName: input.name } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
      });
    }
    if (siteIds) await setSystemAccountSites(tx, before.accountId, siteIds);
    if (patch.allowedScopes || patch.jwks) await deleteTokensOfClient(tx, id);
    const fields = [...Object.keys(patch), ...(siteIds ? ['siteIds'] : [])];
    await recordAudit(tx, actor, {
      action: 'system.updated',
      subjectType: 'fhir_client',
      subjectId: id,
      details: {
        fields,
        ...(siteIds ? { siteIds } : {}),
        ...(patch.allowedScopes ? { allowedScopes: patch.allowedScopes } : {}),
        ...(input.jwks ? { kids: kidsOf(input.jwks) } : {}),
      },
    });
    return presentClient(await loadClient(tx, id));
  });
}

/**
 * Stops a system at once: its client and account inactive, its tokens deleted. Its
 * records and audit trail stay; the account keeps its grants for the history.
 */
export async function deactivateClient(
  db: Database,
  actor: Actor,
  id: string,
  input: DeactivateFhirClientBody,
): Promise<FhirClient> {
  authorize(actor);
  return db.transaction(async (tx) => {
    const before = await loadClient(tx, id);
    if (!(await updateClientAtVersion(tx, id, input.version, { active: false })))
      throw staleVersion();
    await updateSystemAccount(tx, before.accountId, { active: false });
    await deleteTokensOfClient(tx, id);
    await recordAudit(tx, actor, {
      action: 'system.deactivated',
      subjectType: 'fhir_client',
      subjectId: id,
      details: { accountId: before.accountId },
    });
    return presentClient(await loadClient(tx, id));
  });
}

async function loadClient(db: Database, id: string): Promise<FhirClientRow> {
  const row = await findClient(db, id);
  if (!row) throw notFound();
  return row;
}

/** Allowed scopes in v2 form, one per resource type. */
function normaliseAllowedScopes(texts: readonly string[]): string[] {
  const scopes: Scope[] = [];
  for (const [index, text] of texts.entries()) {
    const scope = parseScope(text);
    if (!scope) throw new AppError('scope_invalid', { field: `allowedScopes.${index}` });
    scopes.push(scope);
  }
  return mergeScopes(scopes).map(formatScope);
}

/** Every key public, of a kind we verify with, and one the key library can use. */
async function checkJwks(jwks: Jwks): Promise<void> {
  const problem = jwksProblem(jwks.keys);
  if (problem) throw new AppError('jwks_invalid', { field: problem });
  for (const [index, key] of jwks.keys.entries()) {
    const alg = key.kty === 'EC' ? 'ES384' : 'RS384';
    try {
      await importJWK({ ...key, alg: assertionAlgorithms.find((a) => a === key.alg) ?? alg });
    } catch {
      throw new AppError('jwks_invalid', { field: `jwks.keys.${index}` });
    }
  }
}

async function checkSites(db: Database, requested: readonly string[]): Promise<string[]> {
  const siteIds = [...new Set(requested)];
  if ((await countSites(db, siteIds)) !== siteIds.length) {
    throw new AppError('not_found', { field: 'siteIds' });
  }
  return siteIds;
}

function kidsOf(jwks: Jwks): unknown[] {
  return jwks.keys.map((key) => key.kid);
}
