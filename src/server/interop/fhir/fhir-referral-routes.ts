import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, OperationOutcome } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/locale';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import {
  type SystemReferralMade,
  createSystemReferral,
  newCaseIdentity,
} from '../../features/referrals';
import {
  type NewReceivedResource,
  type SystemAccess,
  claimReferralKeys,
  findCasesOfKeys,
  keepReceivedResources,
  listReceivedOfCase,
} from '../../features/systems';
import { translatorFor } from '../../platform/i18n';
import { idempotent, writeDatabase } from '../../platform/idempotency';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope, requireToken } from './fhir-auth';
import { type ReceivedBundle, type ReceivedEntry, readTransactionBundle } from './fhir-bundle';
import { sendFhir } from './fhir-errors';
import { type ReferralIntake, readReferral } from './fhir-referral-intake';
import { FhirError, operationOutcome } from './operation-outcome';

/** Thrown inside the referral's transaction to roll it back: its keys name earlier cases. */
class AlreadyReceived extends Error {
  constructor(readonly caseIds: string[]) {
    super('already received');
  }
}

/**
 * POST /fhir/R4 with a transaction Bundle: a referral (DESIGN.md §2). Checked whole, then
 * written all or nothing in one transaction: its keys first, the referral through the
 * referrals feature (as the screen's), then what was received. The same referral sent again
 * (same Bundle, ServiceRequest or Task identifier, or a conditional create that finds it)
 * writes nothing and answers the resources made the first time, 200 each.
 */
export function registerReferralIntake(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
): void {
  const links = { baseUrl: publicBaseUrl(config) };
  // The base itself, as FHIR clients post a transaction (not /fhir/R4/).
  const base = { ...documented, config: idempotent, prefixTrailingSlash: 'no-slash' as const };
  app.post('/', base, async (request, reply) => {
    requireToken(request);
    const bundle = readTransactionBundle(request.body);
    const access = requireEntryScopes(request, bundle);
    const intake = readReferral(bundle, request.body, translatorFor(request.locale));
    const found = await findCasesOfKeys(db, access.clientId, intake.lookups);
    if (found.length) return answerRepeat(request, reply, db, access, bundle, intake, found);
    const opened = newCaseIdentity();
    let ids: Map<ReceivedEntry, string>;
    try {
      ids = await writeDatabase(request, db).transaction(async (tx) => {
        const held = await claimReferralKeys(tx, access.clientId, opened.id, intake.keys);
        if (held) throw new AlreadyReceived(held);
        const referral = await createSystemReferral(
          tx,
          access.actor,
          opened,
          {
            ...intake.input,
            auditDetails: {
              via: 'fhir',
              fhirClientId: access.clientId,
              entries: bundle.entries.length,
            },
          },
          links,
        );
        const made = idsOf(bundle, intake, referral);
        await keepReceivedResources(
          tx,
          receivedRows(bundle, made, referral.caseId, access.clientId),
        );
        return made;
      });
    } catch (error) {
      if (!(error instanceof AlreadyReceived)) throw error;
      return answerRepeat(request, reply, db, access, bundle, intake, error.caseIds);
    }
    return sendFhir(reply, 200, transactionResponse(bundle, ids));
  });
}

/** Each entry creates its resource: the token must grant `system/<Type>.c` for every type. */
function requireEntryScopes(request: FastifyRequest, bundle: ReceivedBundle): SystemAccess {
  const types = new Set(bundle.entries.map((entry) => entry.resource.resourceType));
  let access = requireToken(request);
  for (const type of types) access = requireScope(request, type, 'c');
  return access;
}

/** Our id for each entry: the case's for the Task, the person's and consent's, new ones otherwise. */
function idsOf(
  bundle: ReceivedBundle,
  intake: ReferralIntake,
  made: SystemReferralMade,
): Map<ReceivedEntry, string> {
  const ids = new Map<ReceivedEntry, string>();
  for (const entry of bundle.entries) ids.set(entry, randomUUID());
  ids.set(intake.task, made.caseId);
  ids.set(intake.patient, made.personId);
  ids.set(intake.consent, made.consentId);
  return ids;
}

/** What was received, kept with our ids and its references rewritten to them. */
function receivedRows(
  bundle: ReceivedBundle,
  ids: ReadonlyMap<ReceivedEntry, string>,
  caseId: string,
  clientId: string,
): NewReceivedResource[] {
  return bundle.entries.map((entry) => ({
    resourceType: entry.resource.resourceType,
    id: ids.get(entry) ?? randomUUID(),
    clientId,
    caseId,
    entryIndex: entry.index,
    resource: rewritten(entry, ids, bundle),
  }));
}

/** The resource with our id, and each reference to another entry rewritten as Type/<our id>. */
function rewritten(
  entry: ReceivedEntry,
  ids: ReadonlyMap<ReceivedEntry, string>,
  bundle: ReceivedBundle,
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(entry.resource)) as Record<string, unknown>;
  const stack: unknown[] = [copy];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (Array.isArray(next)) {
      stack.push(...(next as unknown[]));
    } else if (typeof next === 'object' && next !== null) {
      const object = next as Record<string, unknown>;
      const target =
        typeof object.reference === 'string' ? bundle.resolve(object.reference) : undefined;
      if (target) {
        object.reference = `${target.resource.resourceType}/${ids.get(target) ?? ''}`;
      }
      stack.push(...Object.values(object));
    }
  }
  copy.id = ids.get(entry);
  delete copy.meta;
  return {
    ...copy,
    ...(entry.resource.meta?.profile ? { meta: { profile: entry.resource.meta.profile } } : {}),
  };
}

function transactionResponse(
  bundle: ReceivedBundle,
  ids: ReadonlyMap<ReceivedEntry, string>,
): Bundle {
  const lastModified = new Date().toISOString();
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: bundle.entries.map((entry) => ({
      response: {
        status: '201 Created',
        location: `${entry.resource.resourceType}/${ids.get(entry) ?? ''}/_history/1`,
        etag: 'W/"1"',
        lastModified,
      },
    })),
  };
}

/**
 * The answer to a referral received before: each entry the resource of its type made the
 * first time (in the first Bundle's order), 200, and a note that nothing changed unless
 * the Bundle is the very same. Keys naming several referrals: 412, nothing written.
 */
async function answerRepeat(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Database,
  access: SystemAccess,
  bundle: ReceivedBundle,
  intake: ReferralIntake,
  caseIds: readonly string[],
): Promise<FastifyReply> {
  const [caseId] = caseIds;
  if (!caseId || caseIds.length > 1) {
    throw new FhirError(412, [{ code: 'duplicate', message: { key: 'identifier_ambiguous' } }]);
  }
  const [rows, same] = await Promise.all([
    listReceivedOfCase(db, access.clientId, caseId),
    findCasesOfKeys(db, access.clientId, [intake.bodyKey]),
  ]);
  const unchanged = same.includes(caseId);
  const byType = new Map<string, typeof rows>();
  for (const row of rows)
    byType.set(row.resourceType, [...(byType.get(row.resourceType) ?? []), row]);
  const entry: BundleEntry[] = bundle.entries.map((received) => {
    const row = byType.get(received.resource.resourceType)?.shift();
    return {
      response: {
        status: '200 OK',
        ...(row
          ? {
              location: `${row.resourceType}/${row.id}/_history/${row.versionId}`,
              etag: `W/"${row.versionId}"`,
              lastModified: row.lastUpdated.toISOString(),
            }
          : {}),
        ...(unchanged ? {} : { outcome: alreadyReceived(request.locale) }),
      },
    };
  });
  return sendFhir(reply, 200, { resourceType: 'Bundle', type: 'transaction-response', entry });
}

function alreadyReceived(locale: Locale): OperationOutcome {
  return operationOutcome(
    [{ severity: 'information', code: 'informational', message: { key: 'already_received' } }],
    locale,
  );
}
