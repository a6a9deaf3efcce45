import type {
  CapabilityStatement,
  CapabilityStatementRestInteraction,
  CapabilityStatementRestResourceOperation,
  CapabilityStatementRestResource,
  CapabilityStatementRestSecurity,
} from '@medplum/fhirtypes';
import type { Config } from '../../config';
import { subscriptionsPerClient } from '../../features/systems';
import { transactionResourceTypes } from './fhir-bundle';
import { fhirBase } from './fhir-errors';
import { outputResourceTypes } from './fhir-referral-outputs';
import { measurementResourceTypes, measurementSearchParameters } from './fhir-measurement-outputs';
import { readableResourceTypes } from './fhir-referral-reads';
import { subscriptionCriteriaParameters } from './fhir-subscription-routes';
import { taskIncludes, taskSearchParameters } from './fhir-task-search';
import {
  healthcareServiceIncludes,
  publicResourceTypes,
  publicSearchParameters,
} from './fhir-directory-routes';
import { healthcareServiceProfile } from './fhir-directory-resources';

const core = 'http://hl7.org/fhir/SearchParameter';

/** R4 Subscriptions to the Tasks of a system's referrals (fhir-subscription-routes.ts). */
const subscriptionResource: CapabilityStatementRestResource = {
  type: 'Subscription',
  interaction: [
    { code: 'create' },
    { code: 'read' },
    { code: 'update' },
    { code: 'delete' },
    { code: 'search-type' },
  ],
  searchParam: [
    { name: '_id', type: 'token', definition: `${core}/Resource-id` },
    { name: 'status', type: 'token', definition: `${core}/Subscription-status` },
  ],
  documentation: `R4 Subscription, channel rest-hook only, to the Tasks of this system's own referrals. criteria: Task? with ${subscriptionCriteriaParameters.join(', ')} (each once, values as Task search takes them); others refused, 400. channel.endpoint: https, at an origin an administrator registered for the system, resolving to public addresses only. channel.payload: absent, an empty POST to the endpoint when a Task changes; application/fhir+json, the Task PUT to [endpoint]/Task/[id] (needs system/Task.r; outputs only while the person's consent covers updates to the referrer). channel.header: sent with each notification, shown back masked. status: requested is made active at once (no handshake); error while notifications fail (retried after 1, 5, 30, 120 and 720 minutes, then given up), active again at the next success; off after end. Update (PUT, its id in the body, If-Match W/"version" optional, 412 when stale): any element above, and status off to stop notifications for now (active to resume, its failures forgotten); a header sent back as a read shows it (Name: ***) keeps its value. At least once: a notification may come twice. At most ${subscriptionsPerClient} per system. Needs system/Subscription.c or .u (and system/Task.s), .r, .s, .d; its own only.`,
};

const consentNote =
  'Only while the person’s consent covers updates to the referrer (a permit provision naming the requester); a withdrawn consent hides it.';
const outputDocumentation: Partial<Record<string, string>> = {
  Procedure: `Read: a connection to a community activity the person attended (Task.output resulting-activity), category and code SNOMED CT 410606002, the activity in code.text, the partner as performer.display. ${consentNote}`,
  Goal: `Read: a goal of the agreed action plan, in the person’s words (Task.output additional-content); completed at closure, achieved when the goals were met. ${consentNote}`,
  QuestionnaireResponse: `Read and search: an outcome questionnaire the person answered (Task.output additional-content), id the measurement's; questionnaire the canonical of our Questionnaire with its version (Questionnaire/<instrument>|<version>), each item answered by linkId with a valueCoding of the option chosen (unanswered items left out); source the Patient when the person answered alone; status entered-in-error (meta.versionId 2) once set aside. Search: _id, _lastUpdated, patient/subject, _count, next links; a page may hold fewer than _count. ${consentNote} Each case read or found is audited.`,
  Observation: `Read and search: one score of an outcome questionnaire (Task.output outcome-score), id <measurement id>.<scale> (_ written -), category survey, code LOINC where it has the scale (PHQ-9 total 44261-6, GAD-7 total 70274-6) else <base>/fhir/R4/CodeSystem/scales|<instrument>.<scale>, valueInteger, the band’s label as interpretation.text, no score as dataAbsentReason (unknown: too many items unanswered; error: an answer not valid), derivedFrom its QuestionnaireResponse; entered-in-error with it. Search: _id, _lastUpdated, patient/subject, _count, next links; a page may hold fewer than _count. ${consentNote} Each case read or found is audited.`,
  DocumentReference: `Create: as the other staged types. Read (by the Task’s id, Task.output referrer-summary): the closing summary to the referrer, as the web shows it, text/plain in the system’s language (LOINC 34133-9). ${consentNote}`,
};

const publicDocumentation: Partial<Record<string, string>> = {
  HealthcareService:
    'Read and search: the community directory’s services (HSDS) as dir-<id>, name and description in the system’s language, providedBy and location (dir- ids), category coded SDOH with our categories and the guide’s SDOH category where one maps, telecom, availableTime from weekly schedules, notAvailable outside the schedules’ dates, communication (languages), and the guide’s capacity status from whether the service takes referrals: open → capacity, waiting list → waitlist, full or inactive → no-capacity. _include=HealthcareService:location and :organization need system/Location.r and system/Organization.r. Public directory data: not audited.',
  Location:
    'Read and search: the directory’s locations as dir-<id> (address, position, managing organization). Public directory data: not audited.',
  Questionnaire:
    'Read and search: our outcome instruments (phq9, gad7, ucla3, ons4, djg6, belong1, mh1, pa1), in the system’s language, the wording’s source named in description; LOINC panel codes for PHQ-9 (44249-1) and GAD-7 (69737-5) only. Not audited (no personal data).',
};

const readTypes: readonly string[] = [
  ...readableResourceTypes,
  ...outputResourceTypes,
  ...measurementResourceTypes,
  ...publicResourceTypes,
];

/**
 * What the FHIR interface implements, and so all its CapabilityStatement claims: a route
 * that serves a resource or an operation adds its entry here, in the same change.
 */
export const implemented: {
  resources: readonly CapabilityStatementRestResource[];
  /** Whole-system interactions: a referral's transaction. */
  interactions: readonly CapabilityStatementRestInteraction[];
  operations: readonly CapabilityStatementRestResourceOperation[];
} = {
  resources: [
    ...[
      ...new Set([
        ...readableResourceTypes,
        ...transactionResourceTypes,
        ...outputResourceTypes,
        ...measurementResourceTypes,
        ...publicResourceTypes,
      ]),
    ].map((type): CapabilityStatementRestResource => ({
      type,
      interaction: [
        ...((transactionResourceTypes as readonly string[]).includes(type)
          ? [{ code: 'create' as const }]
          : []),
        ...(readTypes.includes(type) ? [{ code: 'read' as const }] : []),
        ...(type === 'Task' || isPublic(type) || isMeasurement(type)
          ? [{ code: 'search-type' as const }]
          : []),
      ],
      ...(type === 'Task'
        ? { searchInclude: [...taskIncludes], searchParam: [...taskSearchParameters] }
        : {}),
      ...(isPublic(type) ? { searchParam: [...publicSearchParameters[type]] } : {}),
      ...(isMeasurement(type) ? { searchParam: [...measurementSearchParameters[type]] } : {}),
      ...(type === 'HealthcareService'
        ? {
            supportedProfile: [healthcareServiceProfile],
            searchInclude: [...healthcareServiceIncludes],
          }
        : {}),
      documentation: documentationOf(type),
    })),
    subscriptionResource,
  ],
  interactions: [
    {
      code: 'transaction',
      documentation: `A referral (Gravity SDOH CC TaskForReferralManagement): one Bundle of POST entries of ${transactionResourceTypes.join(', ')}, with one Task (code fulfill, intent order) owned by one of our sites (Organization/site-<id>), its ServiceRequest, Patient and an active IDSCL Consent; every reference resolving inside the Bundle. Written all or nothing; the same Bundle, Bundle.identifier, ServiceRequest or Task identifier sent again (or an ifNoneExist identifier=system|value that finds it) answers the resources made the first time with 200. Needs system/<Type>.c for each type it carries.`,
    },
  ],
  operations: [
    { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
  ],
};

function isPublic(type: string): type is (typeof publicResourceTypes)[number] {
  return (publicResourceTypes as readonly string[]).includes(type);
}

function isMeasurement(type: string): type is (typeof measurementResourceTypes)[number] {
  return (measurementResourceTypes as readonly string[]).includes(type);
}

function documentationOf(type: string): string {
  const output = outputDocumentation[type];
  if (output) return output;
  const shared = publicDocumentation[type];
  if (shared) return shared;
  if (type === 'Organization') {
    return 'Create: staged for a day under an id of ours, its references to resources this system staged, until a Task makes it part of a referral (or in a transaction Bundle). Read and search: our sites as site-<id> (Task.owner), partOf their organisation org-<id>, for the sites this system refers to only, listed first in a search; then the directory’s organizations as dir-<id>, name in the system’s language, telecom, partOf. Not personal data: not audited.';
  }
  if (type === 'Task') {
    return 'Create: a referral (TaskForReferralManagement, code fulfill, intent order, owner Organization/site-<id>) from the resources this system staged, which it names (its ServiceRequest, Patient, requester) and the staged Consent of its Patient; the same ServiceRequest or Task identifier again answers the Task made, 200. Read and search: output references the Procedures, Goals, QuestionnaireResponses and their Observations, and the closing summary (below) while the person’s consent covers updates to the referrer. Status and businessStatus follow the case (requested: received, assigned; accepted; in-progress: connected, once a community partner took the person on; rejected: declined, unreachable, with statusReason; completed or cancelled: discharged, with statusReason), and meta.versionId and lastUpdated move with every change of these. Search: _count (default 50, at most 200), next links, _include=Task:focus (needs system/ServiceRequest.r); unknown parameters are ignored with a warning, refused under Prefer: handling=strict. Its own referrals only, at the sites it refers to; each Task read or found is audited.';
  }
  const read = (readableResourceTypes as readonly string[]).includes(type)
    ? ' Read: as sent (the Patient from the person’s record), this system’s own only.'
    : '';
  return `Create: staged for a day under an id of ours, its references to resources this system staged, until a Task makes it part of a referral (or in a transaction Bundle).${read}`;
}

/**
 * How systems authenticate (SMART Backend Services, features/systems): said in the
 * CapabilityStatement's rest.security and in /.well-known/smart-configuration alike.
 */
export const smartBackendServices = {
  grantTypes: ['client_credentials'],
  authMethods: ['private_key_jwt'],
  signingAlgorithms: ['RS384', 'ES384'],
  capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
} as const;

const interactionPermission: Partial<Record<string, string>> = {
  create: 'c',
  read: 'r',
  vread: 'r',
  'history-instance': 'r',
  update: 'u',
  patch: 'u',
  delete: 'd',
  'search-type': 's',
};

/**
 * The v2 scopes that can mean something here: one per implemented resource, its
 * interactions, and create for each type a transaction carries.
 */
export function scopesSupported(): string[] {
  const created: ReadonlySet<string> = new Set(
    implemented.interactions.some((i) => i.code === 'transaction') ? transactionResourceTypes : [],
  );
  const types = [
    ...new Set([...implemented.resources.flatMap((r) => r.type ?? []), ...created]),
  ].sort();
  return types.flatMap((type) => {
    const resource = implemented.resources.find((r) => r.type === type);
    const letters = new Set(
      (resource?.interaction ?? []).flatMap((i) => interactionPermission[i.code] ?? []),
    );
    if (created.has(type)) letters.add('c');
    const permissions = [...'cruds'].filter((letter) => letters.has(letter)).join('');
    return permissions ? [`system/${type}.${permissions}`] : [];
  });
}

/** GET /.well-known/smart-configuration: SMART App Launch 2.x discovery, for backend services. */
export function smartConfiguration(tokenUrl: string): Record<string, unknown> {
  return {
    token_endpoint: tokenUrl,
    grant_types_supported: smartBackendServices.grantTypes,
    token_endpoint_auth_methods_supported: smartBackendServices.authMethods,
    token_endpoint_auth_signing_alg_values_supported: smartBackendServices.signingAlgorithms,
    scopes_supported: scopesSupported(),
    capabilities: smartBackendServices.capabilities,
  };
}

function security(tokenUrl: string): CapabilityStatementRestSecurity {
  return {
    extension: [
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [{ url: 'token', valueUri: tokenUrl }],
      },
    ],
    service: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
            code: 'SMART-on-FHIR',
          },
        ],
        text: 'SMART Backend Services: OAuth 2.0 client credentials with a signed JWT assertion',
      },
    ],
    description:
      'Systems registered by an administrator authenticate with a private_key_jwt assertion (RS384 or ES384) at the token endpoint and send the token as Authorization: Bearer; system scopes (v1 or v2) narrow what it allows.',
  };
}

// Said once per process: the statement changes only with the code.
const publishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * This server's CapabilityStatement (kind instance): R4, JSON, and exactly `implemented`;
 * with the token endpoint's address, how to authenticate.
 */
export function capabilityStatement(config: Config, tokenUrl?: string): CapabilityStatement {
  const baseUrl = config.publicUrl
    ? `${config.publicUrl.replace(/\/+$/, '')}${fhirBase}`
    : undefined;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: publishedAt,
    publisher: 'Passerelle',
    kind: 'instance',
    software: { name: 'Passerelle' },
    implementation: {
      description: 'Passerelle social prescribing: FHIR R4 interface',
      ...(baseUrl ? { url: baseUrl } : {}),
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        ...(tokenUrl ? { security: security(tokenUrl) } : {}),
        ...(implemented.resources.length ? { resource: [...implemented.resources] } : {}),
        ...(implemented.interactions.length ? { interaction: [...implemented.interactions] } : {}),
        ...(implemented.operations.length ? { operation: [...implemented.operations] } : {}),
      },
    ],
  };
}
