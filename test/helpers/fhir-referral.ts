import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app';
import { type ExampleResource, sdohCcExample } from './sdoh-cc';

/** The Gravity examples a Coordination Platform receives with a referral (DESIGN.md §8 step 2). */
export const referralExampleFiles = [
  'Patient-pat-53234.json',
  'Consent-SDOHCC-ConsentInformationDisclosureExample.json',
  'Organization-SDOHCC-OrganizationPayerExample.json',
  'ServiceRequest-SDOHCC-ServiceRequestActiveFoodPantryApplicationAssistExample.json',
  'Condition-SDOHCC-ConditionFoodInsecurityExample.json',
  'PractitionerRole-SDOHCC-PractitionerRoleDrJanWaterExample.json',
  'Practitioner-SDOHCC-PractitionerDrJanWaterExample.json',
  'Organization-SDOHCC-OrganizationClinicExample.json',
  'DocumentReference-DocumentReferenceExample.json',
  'Task-SDOHCC-TaskReferralManagementOrderFulfillmentAcceptedExample.json',
] as const;

export type TransactionBundle = {
  resourceType: 'Bundle';
  type: string;
  identifier?: { system?: string; value?: string };
  entry: {
    fullUrl?: string;
    resource: ExampleResource;
    request: { method: string; url: string; ifNoneExist?: string };
  }[];
};

/**
 * The referral examples as one transaction Bundle whose fullUrls carry the examples' ids (so
 * their literal references resolve inside it), the Task owned by `siteId`. The food
 * insecurity Condition cites a screening Observation as evidence that is not among the
 * examples: it is left out, as a referral would leave out what it does not send.
 */
export function exampleReferralBundle(siteId: string): TransactionBundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: referralExampleFiles.map((file) => {
      const resource = sdohCcExample(file);
      delete resource.text;
      if (resource.resourceType === 'Condition') delete resource.evidence;
      if (resource.resourceType === 'Task') {
        resource.owner = { reference: `Organization/site-${siteId}` };
      }
      const id = typeof resource.id === 'string' ? resource.id : '';
      return {
        fullUrl: `https://ehr.example/fhir/${resource.resourceType}/${id}`,
        resource,
        request: { method: 'POST', url: resource.resourceType },
      };
    }),
  };
}

/** The entry of a type in a Bundle of ours (the first one). */
export function entryOf(bundle: TransactionBundle, type: string): ExampleResource {
  const entry = bundle.entry.find((e) => e.resource.resourceType === type);
  if (!entry) throw new Error(`no ${type} in the Bundle`);
  return entry.resource;
}

export function postBundle(
  t: TestApp,
  token: string | undefined,
  bundle: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/fhir/R4',
    headers: {
      'content-type': 'application/fhir+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    payload: JSON.stringify(bundle),
  });
}

export function readFhir(
  t: TestApp,
  token: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'GET',
    url: `/fhir/R4/${url}`,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

export type TransactionResponse = {
  resourceType: 'Bundle';
  type: string;
  entry: {
    response: {
      status: string;
      location?: string;
      outcome?: { issue: { diagnostics?: string }[] };
    };
  }[];
};

/** The id in a transaction-response entry's location (Type/id/_history/n). */
export function idOfLocation(location: string | undefined): string {
  // Absolute in a create's Location header, relative in a transaction's entry responses.
  const id = /^(?:https?:\/\/\S+\/fhir\/R4\/)?[A-Za-z]+\/([^/]+)\/_history\/\d+$/.exec(
    location ?? '',
  )?.[1];
  if (!id) throw new Error(`not a location: ${location ?? ''}`);
  return id;
}

/** POST /fhir/R4/<Type> of one resource, as a system. */
export function postResource(
  t: TestApp,
  token: string | undefined,
  resource: { resourceType: string },
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/fhir/R4/${resource.resourceType}`,
    headers: {
      'content-type': 'application/fhir+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    payload: JSON.stringify(resource),
  });
}

/** The order the examples are staged in: each names only those before it; the Task last. */
export const stagingOrder = [
  'Patient',
  'Organization',
  'Consent',
  'Practitioner',
  'PractitionerRole',
  'Condition',
  'ServiceRequest',
  'DocumentReference',
  'Task',
] as const;

/** A Bundle's entries in the order they are staged. */
export function inStagingOrder(bundle: TransactionBundle): TransactionBundle['entry'] {
  const rank = (type: string): number =>
    stagingOrder.indexOf(type as (typeof stagingOrder)[number]);
  return bundle.entry.toSorted(
    (a, b) => rank(a.resource.resourceType) - rank(b.resource.resourceType),
  );
}

/**
 * A copy of an example whose references to examples already staged name the ids they were
 * given (`ids`: ours by `Type/<example id>`).
 */
export function withStagedIds(
  resource: ExampleResource,
  ids: ReadonlyMap<string, string>,
): ExampleResource {
  return JSON.parse(
    JSON.stringify(resource).replace(
      /"reference":"([A-Za-z]+)\/([^"]+)"/g,
      (whole, type: string, id: string) => {
        const ours = ids.get(`${type}/${id}`);
        return ours ? `"reference":"${type}/${ours}"` : whole;
      },
    ),
  ) as ExampleResource;
}

/**
 * The referral examples staged one by one (DESIGN.md §2.7), each resource's references
 * rewritten to the ids the earlier ones were given; returns those ids by example id and
 * the Task to post last (not yet posted).
 */
export async function stageExamples(
  t: TestApp,
  token: string,
  siteId: string,
): Promise<{ ids: Map<string, string>; task: ExampleResource }> {
  const ids = new Map<string, string>();
  let task: ExampleResource | undefined;
  for (const { resource } of inStagingOrder(exampleReferralBundle(siteId))) {
    if (resource.resourceType === 'Task') {
      task = resource;
      continue;
    }
    const response = await postResource(t, token, withStagedIds(resource, ids));
    if (response.statusCode !== 201) {
      throw new Error(`staging ${resource.resourceType}: ${response.statusCode} ${response.body}`);
    }
    ids.set(
      `${resource.resourceType}/${String(resource.id)}`,
      idOfLocation(response.headers.location as string),
    );
  }
  if (!task) throw new Error('no Task among the examples');
  return { ids, task: withStagedIds(task, ids) };
}

/**
 * Refers the example person by one transaction Bundle (a fresh Bundle identifier each time,
 * so each call is a new referral); the ids made, by resource type (the first of each).
 */
export async function referByBundle(
  t: TestApp,
  token: string,
  siteId: string,
  change: (bundle: TransactionBundle) => void = () => undefined,
): Promise<Record<string, string>> {
  const bundle = exampleReferralBundle(siteId);
  bundle.identifier = { system: 'https://ehr.example/bundles', value: randomUUID() };
  change(bundle);
  const response = await postBundle(t, token, bundle);
  if (response.statusCode !== 200) throw new Error(response.body);
  const made: Record<string, string> = {};
  for (const [index, entry] of response.json<TransactionResponse>().entry.entries()) {
    const type = bundle.entry[index]?.resource.resourceType ?? '';
    made[type] ??= idOfLocation(entry.response.location);
  }
  return made;
}

/**
 * Makes a referral Bundle's Consent let the requester (the example PractitionerRole) hear
 * how it went (DESIGN.md §3: a permit provision with the requester as IRCP), so its Task
 * carries outputs.
 */
export function permitReferrerUpdates(bundle: TransactionBundle): void {
  entryOf(bundle, 'Consent').provision = {
    type: 'permit',
    actor: [
      {
        role: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' },
          ],
        },
        reference: { reference: 'PractitionerRole/SDOHCC-PractitionerRoleDrJanWaterExample' },
      },
    ],
  };
}
