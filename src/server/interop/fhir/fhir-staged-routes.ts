import { randomUUID } from 'node:crypto';
import type { Resource, Task } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { createSystemReferral, newCaseIdentity } from '../../features/referrals';
import {
  type ReceivedResourceRow,
  type ResourceKey,
  type SystemAccess,
  attachStaged,
  claimReferralKeys,
  findCasesOfKeys,
  findStaged,
  findStagedWithConsents,
  stageNaming,
  stagedHours,
  takeStaged,
} from '../../features/systems';
import { translatorFor } from '../../platform/i18n';
import { idempotent, writeDatabase } from '../../platform/idempotency';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import {
  type ReceivedEntry,
  bundleOf,
  transactionResourceTypes,
  unresolvedReferences,
} from './fhir-bundle';
import { sendFhir } from './fhir-errors';
import { bodyKeyOf, identifierKeysOf, readReferral } from './fhir-referral-intake';
import { readReferralResource } from './fhir-referral-reads';
import { type FoundReference, storedReferences } from './fhir-references';
import { requireCheckedFhirResource } from './fhir-validation';
import { FhirError } from './operation-outcome';

/** What a system may post on its own before the Task that makes them a referral. */
export const stagedResourceTypes = transactionResourceTypes.filter((type) => type !== 'Task');

const ourReference =
  /^([A-Z][A-Za-z]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The resources of ours among a resource's references (`Type/<uuid>`), each once. */
function namedResources(references: readonly string[]): ResourceKey[] {
  const keys = new Map<string, ResourceKey>();
  for (const reference of references) {
    const match = ourReference.exec(reference.replace(/\/_history\/[^/]+$/, ''));
    if (match?.[1] && match[2]) {
      const key = { resourceType: match[1], id: match[2] };
      keys.set(keyText(key), key);
    }
  }
  return [...keys.values()];
}

/** A key as a reference to it reads: `Type/<id>`. */
function keyText(key: ResourceKey): string {
  return `${key.resourceType}/${key.id}`;
}

/**
 * DESIGN.md §2.7: POST /fhir/R4/<Type> keeps a resource for a day under an id of ours,
 * readable by its system alone, its references to other resources it staged; POST
 * /fhir/R4/Task then makes the referral from the Task and the resources it names (and the
 * staged Consent of its Patient), through the same checks, keys and write as a
 * transaction Bundle, and links them to the case.
 */
export function registerStagedCreates(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
): void {
  const base = publicBaseUrl(config);
  const links = { baseUrl: base };
  const route = { ...documented, config: idempotent };
  for (const type of stagedResourceTypes) {
    app.post(`/${type}`, route, async (request, reply) => {
      const access = requireScope(request, type, 'c');
      const { resource, references } = requireCheckedFhirResource<Resource>(request.body, type);
      // Anything not of ours by its shape is refused before the database is asked.
      const named = namedResources(references.map(({ reference }) => reference));
      const ours = new Set(named.map(keyText));
      const unknown = unresolvedReferences(references, (reference) => ours.has(reference));
      if (unknown.length) throw new FhirError(400, unknown);
      const id = randomUUID();
      const { meta, ...rest } = resource;
      const kept = { ...rest, id, ...(meta?.profile ? { meta: { profile: meta.profile } } : {}) };
      const now = new Date();
      const row = {
        resourceType: type,
        id,
        clientId: access.clientId,
        caseId: null,
        entryIndex: null,
        resource: kept,
        stagedUntil: new Date(now.getTime() + stagedHours * 3600_000),
      };
      const staged = await stageNaming(writeDatabase(request, db), row, named);
      if (!staged.kept) {
        const found = new Set(staged.found.map(keyText));
        throw new FhirError(
          400,
          unresolvedReferences(references, (ref) => found.has(ref)),
        );
      }
      reply.header('location', `${base}/fhir/R4/${type}/${id}/_history/1`);
      return sendFhir(reply, 201, {
        ...kept,
        meta: { ...kept.meta, versionId: '1', lastUpdated: now.toISOString() },
      });
    });
  }

  app.post('/Task', route, async (request, reply) => {
    const access = requireScope(request, 'Task', 'c');
    const { resource: task, references } = requireCheckedFhirResource<Task>(request.body, 'Task');
    // The same Task again: its staged resources are its case's now, and it answers that.
    const earlier = await findCasesOfKeys(db, access.clientId, [
      ...identifierKeysOf(task),
      bodyKeyOf(request.body),
    ]);
    if (earlier.length > 1) {
      throw new FhirError(412, [{ code: 'duplicate', message: { key: 'identifier_ambiguous' } }]);
    }
    if (earlier[0]) return answerTask(reply, db, access, earlier[0], base, 200);
    const staged = await stagedOfTask(db, access.clientId, task, references);
    const entries: ReceivedEntry[] = staged.map((row, index) => ({
      index,
      fullUrl: `${row.resourceType}/${row.id}`,
      resource: row.resource as unknown as Resource,
      path: row.resourceType,
      ifNoneExist: undefined,
    }));
    const taskEntry = { index: entries.length, fullUrl: undefined, resource: task, path: 'Task' };
    const bundle = bundleOf([...entries, { ...taskEntry, ifNoneExist: undefined }]);
    const dangling = unresolvedReferences(references, (reference) => bundle.resolve(reference));
    if (dangling.length) throw new FhirError(400, dangling);
    const intake = readReferral(bundle, request.body, translatorFor(request.locale));
    const keys = staged.map(({ resourceType, id }) => ({ resourceType, id }));
    const opened = newCaseIdentity();
    const personId = intake.patient.resource.id ?? '';
    const consentId = intake.consent.resource.id ?? '';
    type Made = { held: string[] } | { resource: Resource };
    const made = await writeDatabase(request, db).transaction(async (tx): Promise<Made> => {
      const taken = await claimReferralKeys(tx, access.clientId, opened.id, intake.keys);
      if (taken) return { held: taken };
      if (!(await takeStaged(tx, access.clientId, keys))) {
        throw new FhirError(409, [{ code: 'conflict', message: { key: 'staged_taken' } }]);
      }
      await createSystemReferral(
        tx,
        access.actor,
        opened,
        {
          ...intake.input,
          auditDetails: { via: 'fhir', fhirClientId: access.clientId, staged: keys.length },
          ids: { personId, consentId },
        },
        links,
      );
      await attachStaged(tx, opened.id, keys, {
        resourceType: 'Task',
        id: opened.id,
        clientId: access.clientId,
        caseId: opened.id,
        entryIndex: null,
        resource: { ...(task as unknown as Record<string, unknown>), id: opened.id },
        stagedUntil: null,
      });
      // Read (and its read audited) in the same transaction: one commit, not two, and the
      // case is there to read when an Idempotency-Key's transaction holds it uncommitted.
      return { resource: await readReferralResource(tx, access, 'Task', opened.id, base) };
    });
    if ('resource' in made) return sendTask(reply, made.resource, opened.id, base, 201);
    if (made.held.length !== 1) {
      throw new FhirError(412, [{ code: 'duplicate', message: { key: 'identifier_ambiguous' } }]);
    }
    return answerTask(reply, db, access, made.held[0] ?? '', base, 200);
  });
}

async function answerTask(
  reply: FastifyReply,
  db: Database,
  access: SystemAccess,
  caseId: string,
  base: string,
  status: number,
): Promise<FastifyReply> {
  const resource = await readReferralResource(db, access, 'Task', caseId, base);
  return sendTask(reply, resource, caseId, base, status);
}

function sendTask(
  reply: FastifyReply,
  resource: Resource,
  caseId: string,
  base: string,
  status: number,
): FastifyReply {
  reply.header(
    'location',
    `${base}/fhir/R4/Task/${caseId}/_history/${resource.meta?.versionId ?? '1'}`,
  );
  return sendFhir(reply, status, resource);
}

/**
 * What the Task names among the client's staged resources, and what those name in turn (a
 * PractitionerRole's Practitioner, a ServiceRequest's Condition), a few steps deep, with the
 * staged Consents of its Patient (read with the first step: one round trip fewer).
 */
async function stagedOfTask(
  db: Database,
  clientId: string,
  task: Task,
  references: readonly FoundReference[],
): Promise<ReceivedResourceRow[]> {
  const found = new Map<string, ReceivedResourceRow>();
  const patient = task.for?.reference;
  let consents: ReceivedResourceRow[] = [];
  let wanted = namedResources(references.map(({ reference }) => reference));
  for (let depth = 0; depth < 4 && wanted.length; depth++) {
    let rows: ReceivedResourceRow[];
    if (depth === 0 && patient) {
      ({ named: rows, consents } = await findStagedWithConsents(db, clientId, wanted, patient));
    } else {
      rows = await findStaged(db, clientId, wanted);
    }
    for (const row of rows) found.set(`${row.resourceType}/${row.id}`, row);
    wanted = rows
      .flatMap((row) => namedResources(storedReferences(row.resource)))
      .filter((key) => !found.has(`${key.resourceType}/${key.id}`));
  }
  if (patient && found.has(patient)) {
    for (const row of consents) found.set(`Consent/${row.id}`, row);
  }
  return [...found.values()];
}
