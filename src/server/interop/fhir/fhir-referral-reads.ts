import type {
  CodeableConcept,
  Consent,
  Patient,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/locale';
import { snomed } from '../../../shared/pathway';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { refusedCase } from '../../features/cases';
import {
  type ReferralStage,
  type SystemReferralRow,
  getSystemReferral,
} from '../../features/referrals';
import {
  type ReceivedResourceRow,
  type SystemAccess,
  getReceivedResource,
} from '../../features/systems';
import { notFound } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import { sendFhirRead } from './fhir-errors';
import { participationTypeSystem, taskCodeSystem } from './fhir-referral-intake';
import { FhirError, type FhirMessageKey } from './operation-outcome';
import { taskOutputs } from './fhir-referral-outputs';

/** The resources a system reads back of the referrals it sent (DESIGN.md §1, §3). */
export const readableResourceTypes = ['Task', 'ServiceRequest', 'Patient', 'Consent'] as const;
export type ReadableType = (typeof readableResourceTypes)[number];

/** R4's id: what a read's address may name. */
const fhirId = /^[A-Za-z0-9\-.]{1,64}$/;
const ourId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GET /fhir/R4/<Type>/<id> for what a system sent with its referrals: its own only (another
 * system's is not found, and audited as denied), through a case at a site it still refers
 * to, with `system/<Type>.r`. Each read is audited with the case and what was read.
 */
export function registerReferralReads(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
  /** What the interface answers where it serves nothing: `Patient/$validate` is not a read. */
  notHere: (request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): void {
  const base = publicBaseUrl(config);
  for (const type of readableResourceTypes) {
    app.get<{ Params: { id: string } }>(`/${type}/:id`, documented, async (request, reply) => {
      const { id } = request.params;
      if (!fhirId.test(id)) return notHere(request, reply);
      const access = requireScope(request, type, 'r');
      const resource = await readReferralResource(db, access, type, id, base);
      return sendFhirRead(reply, resource);
    });
  }
}

/**
 * One resource a system may read: what it staged and no Task has taken yet, as it sent it;
 * else through the case of its referral (getSystemReferral: its own, at its sites, audited).
 */
export async function readReferralResource(
  db: Database,
  access: SystemAccess,
  type: ReadableType,
  id: string,
  base: string,
): Promise<Resource> {
  const received = ourId.test(id) ? await getReceivedResource(db, type, id) : undefined;
  const mine = received?.clientId === access.clientId;
  if (received && mine && !received.caseId && (received.stagedUntil ?? 0) > new Date()) {
    return asReceived(received);
  }
  if (!received?.caseId) {
    throw new FhirError(404, [
      { code: 'not-found', message: { key: 'resource_not_found', params: { type, id } } },
    ]);
  }
  if (!mine) throw notFound(refusedCase(received.caseId));
  const referral = await getSystemReferral(db, access.actor, received.caseId, {
    via: 'fhir',
    fhirClientId: access.clientId,
    resourceType: type,
    id,
  });
  return present(type, received, referral, base, access.clientLocale);
}

function present(
  type: ReadableType,
  received: ReceivedResourceRow,
  referral: SystemReferralRow,
  base: string,
  locale: Locale,
): Resource {
  if (type === 'Task') return presentTask(received, referral, base, locale);
  if (type === 'Patient' && received.id === referral.person.id) {
    return presentPatient(received, referral);
  }
  if (type === 'Consent' && received.id === referral.consent?.id) {
    return presentConsent(received, referral);
  }
  return asReceived<ServiceRequest | Patient | Consent>(received);
}

/** A resource kept as received, with its version; other systems' words are never rewritten. */
export function asReceived<T extends Resource>(row: ReceivedResourceRow): T {
  const { meta, ...resource } = row.resource;
  return {
    ...resource,
    meta: {
      ...(typeof meta === 'object' && meta !== null ? meta : {}),
      versionId: String(row.versionId),
      lastUpdated: row.lastUpdated.toISOString(),
    },
  } as unknown as T;
}

/**
 * DESIGN.md §3: each stage of a referral as the Task's status and the business status
 * code (our CodeSystem; both discharges say `discharged`, the status telling them apart).
 */
export const taskOfStage: Record<ReferralStage, { status: Task['status']; business: FhirStage }> = {
  received: { status: 'requested', business: 'received' },
  assigned: { status: 'requested', business: 'assigned' },
  accepted: { status: 'accepted', business: 'accepted' },
  connected: { status: 'in-progress', business: 'connected' },
  declined: { status: 'rejected', business: 'declined' },
  unreachable: { status: 'rejected', business: 'unreachable' },
  completed: { status: 'completed', business: 'discharged' },
  cancelled: { status: 'cancelled', business: 'discharged' },
};

type FhirStage =
  'received' | 'assigned' | 'accepted' | 'connected' | 'declined' | 'unreachable' | 'discharged';

/**
 * The Task as the case stands: the received one (its identifier, requester, focus,
 * authoredOn, notes) with the status, business status and reason the case gives, the
 * person's Patient and the site as owner. What the source posted as status or output is
 * not served: the platform owns them.
 */
export function presentTask(
  received: ReceivedResourceRow,
  referral: SystemReferralRow,
  base: string,
  locale: Locale,
): Task {
  const { case: row } = referral;
  const t = translatorFor(locale);
  const state = taskOfStage[row.stage];
  const kept = asReceived<Task>(received);
  delete kept.text;
  delete kept.output;
  delete kept.statusReason;
  delete kept.businessStatus;
  const stageKey: FhirMessageKey = `stage_${state.business}`;
  const businessStatus: CodeableConcept = {
    coding: [
      {
        system: `${base}/fhir/R4/CodeSystem/referral-stage`,
        code: state.business,
        display: t(`fhir.${stageKey}`),
      },
      ...(state.business === 'declined'
        ? [{ system: 'http://snomed.info/sct', code: snomed.referralDeclined }]
        : []),
    ],
    text: t(`fhir.${stageKey}`),
  };
  const reason = statusReasonOf(row, base, locale);
  const output = taskOutputs(referral, base);
  return {
    ...kept,
    id: row.id,
    meta: {
      ...kept.meta,
      versionId: String(referral.task.versionId),
      lastUpdated: referral.task.lastUpdated.toISOString(),
    },
    status: state.status,
    businessStatus,
    ...(reason ? { statusReason: reason } : {}),
    ...(output.length ? { output } : {}),
    intent: 'order',
    code: kept.code ?? { coding: [{ system: taskCodeSystem, code: 'fulfill' }] },
    for: { reference: `Patient/${row.personId}` },
    owner: { reference: `Organization/site-${row.siteId}`, display: row.siteName },
    authoredOn: kept.authoredOn ?? row.referredAt.toISOString(),
    lastModified: referral.task.lastUpdated.toISOString(),
    executionPeriod: {
      start: row.referredAt.toISOString(),
      ...(row.closedAt ? { end: row.closedAt.toISOString() } : {}),
    },
  };
}

function statusReasonOf(
  row: SystemReferralRow['case'],
  base: string,
  locale: Locale,
): CodeableConcept | undefined {
  const code = row.status === 'unreachable' ? 'unreachable' : row.closureReason;
  if (!code || (row.status !== 'declined' && row.status !== 'discharged' && code !== 'unreachable'))
    return undefined;
  const label = translatorFor(locale)(`referrals.closureReasons.${code}`, {
    ns: 'web',
    defaultValue: code,
  });
  return {
    coding: [{ system: `${base}/fhir/R4/CodeSystem/closure-reason`, code, display: label }],
    text: label,
  };
}

const genderOfSex: Record<string, Patient['gender']> = {
  female: 'female',
  male: 'male',
  other: 'other',
  not_stated: 'unknown',
};

/**
 * The Patient as the person's record stands (a link worker may have corrected it), with the
 * identifiers the source gave; inactive once merged into another record.
 */
function presentPatient(received: ReceivedResourceRow, referral: SystemReferralRow): Patient {
  const { person } = referral;
  const identifier = asReceived<Patient>(received).identifier;
  const telecom = [
    ...(person.phone ? [{ system: 'phone' as const, value: person.phone }] : []),
    ...(person.email ? [{ system: 'email' as const, value: person.email }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: person.id,
    meta: { versionId: String(person.version), lastUpdated: person.updatedAt.toISOString() },
    ...(identifier ? { identifier } : {}),
    active: person.mergedIntoId === null,
    name: [{ family: person.familyName, given: [person.givenName] }],
    ...(telecom.length ? { telecom } : {}),
    ...(person.sex ? { gender: genderOfSex[person.sex] } : {}),
    birthDate: person.dateOfBirth,
    ...(person.address || person.postalCode
      ? {
          address: [
            {
              ...(person.address ? { text: person.address } : {}),
              ...(person.postalCode ? { postalCode: person.postalCode } : {}),
            },
          ],
        }
      : {}),
    communication: [
      {
        language: { coding: [{ system: 'urn:ietf:bcp:47', code: person.preferredLanguage }] },
        preferred: true,
      },
    ],
  };
}

/**
 * The Consent as received, a version on once the person changed it: inactive when withdrawn
 * whole; when they withdrew only the updates to the referrer, a nested deny provision from
 * that date for the recipients the referral named.
 */
function presentConsent(received: ReceivedResourceRow, referral: SystemReferralRow): Consent {
  const consent = asReceived<Consent>(received);
  const withdrawnAt = referral.consent?.withdrawnAt;
  const updatesWithdrawnAt = referral.consent?.referrerUpdatesWithdrawnAt;
  const changedAt = withdrawnAt ?? updatesWithdrawnAt;
  if (!changedAt) return consent;
  const changed: Consent = withdrawnAt
    ? { ...consent, status: 'inactive' }
    : withUpdatesDenied(consent, changedAt);
  const lastUpdated = new Date(Math.max(changedAt.getTime(), received.lastUpdated.getTime()));
  return {
    ...changed,
    meta: {
      ...consent.meta,
      versionId: String(received.versionId + 1),
      lastUpdated: lastUpdated.toISOString(),
    },
  };
}

function withUpdatesDenied(consent: Consent, from: Date): Consent {
  const recipients = (consent.provision?.actor ?? []).filter((actor) =>
    actor.role.coding?.some((c) => c.system === participationTypeSystem && c.code === 'IRCP'),
  );
  return {
    ...consent,
    provision: {
      ...consent.provision,
      provision: [
        ...(consent.provision?.provision ?? []),
        { type: 'deny', period: { start: from.toISOString() }, actor: recipients },
      ],
    },
  };
}
