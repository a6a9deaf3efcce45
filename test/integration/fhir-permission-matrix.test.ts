import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { eq } from 'drizzle-orm';
import { cases, fhirSubscriptions } from '../../src/server/db/schema';
import { seedDemoDirectory } from '../../src/server/features/directory';
import { loadDemoDirectory } from '../../src/server/features/directory/data/demo-directory';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import {
  type TransactionResponse,
  exampleReferralBundle,
  idOfLocation,
  stageExamples,
} from '../helpers/fhir-referral';
import { type ExampleResource, sdohCcExample } from '../helpers/sdoh-cc';
import { makeSystemKey, registerSystem, systemToken } from '../helpers/fhir-systems';
import { signedInPerson } from '../helpers/person-space';
import { type OperationOf, fhirMatrix, operationOf, operationsOf } from './permission-routes';

/*
 * Who may do what over FHIR. The callers are systems, by bearer token: the home system
 * (referring to the home site, every scope the routes need), a system of another site, the
 * home system with a token whose scopes reach none of it, no token at all, and a person
 * signed in to the web app (a session is not a FHIR credential), and a person referred signed
 * in to their own space (features/person-space: nor is theirs). Each action names the
 * operation it exercises; permission-routes.ts gives this matrix its operations.
 */

const callers = [
  'system',
  'other_system',
  'narrow_token',
  'no_token',
  'person',
  'person_space',
] as const;
type CallerName = (typeof callers)[number];

const publicUrl = 'https://passerelle.example';
/** Where subscriptions point (nothing listens: no notification is sent here). */
const endpointOrigin = 'http://127.0.0.1:9';
const tokenUrl = `${publicUrl}/oauth/token`;

let t: TestApp;
let homeSiteId: string;
/** The bearer token each caller sends (none for the last two), and the person's session. */
const tokens = new Map<CallerName, string>();
let person: Client;
/** The resources of a referral the home system made, by type: what the reads ask for. */
const made: Record<string, string> = {};
let personSpace: Client;
/** A demo service, one of its places and its provider: what the directory reads ask for. */
const directory = { service: '', location: '', organization: '' };

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl, FHIR_SUBSCRIPTION_LOOPBACK: 'true' });
  const db = t.database.db;
  homeSiteId = (await makeSite(db)).id;
  const otherSiteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  person = await signedInClient(t.app, admin);
  const scopes = 'system/*.cruds';
  const homeKey = await makeSystemKey();
  const home = await registerSystem(person, {
    siteIds: [homeSiteId],
    keys: [homeKey],
    allowedScopes: [scopes],
    endpointOrigins: [endpointOrigin],
  });
  const otherKey = await makeSystemKey();
  const other = await registerSystem(person, {
    siteIds: [otherSiteId],
    keys: [otherKey],
    allowedScopes: [scopes],
    endpointOrigins: [endpointOrigin],
  });
  tokens.set('system', await systemToken(t, home, homeKey, tokenUrl, scopes));
  tokens.set('other_system', await systemToken(t, other, otherKey, tokenUrl, scopes));
  tokens.set('narrow_token', await systemToken(t, home, homeKey, tokenUrl, 'system/Basic.r'));
  const bundle = exampleReferralBundle(homeSiteId);
  const answer = await send('system', 'POST', '/fhir/R4', bundle);
  expect(answer.statusCode, answer.body).toBe(200);
  for (const [index, entry] of answer.json<TransactionResponse>().entry.entries()) {
    made[bundle.entry[index]?.resource.resourceType ?? ''] ??= idOfLocation(
      entry.response.location,
    );
  }
  personSpace = (await signedInPerson(t, { siteId: homeSiteId })).client;
  await seedDemoDirectory(db, []);
  const [service] = loadDemoDirectory().services;
  directory.service = service?.id ?? '';
  directory.location = service?.service_at_locations?.[0]?.location?.id ?? '';
  directory.organization = service?.organization?.id ?? '';
});
afterAll(() => t.close());

/** The examples' referral to the home site, as a Bundle of its own (not a repeat). */
function freshBundle(): object {
  return {
    ...exampleReferralBundle(homeSiteId),
    identifier: { system: 'https://ehr.example/bundles', value: randomUUID() },
  };
}

function send(
  caller: CallerName,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: object,
): Promise<LightMyRequestResponse> {
  const token = tokens.get(caller);
  return t.app.inject({
    method,
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(caller === 'person' && person.cookie ? { cookie: person.cookie } : {}),
      ...(caller === 'person_space' && personSpace.cookie ? { cookie: personSpace.cookie } : {}),
      ...(body ? { 'content-type': 'application/fhir+json' } : {}),
    },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
}

type Outcome = { response: LightMyRequestResponse; changed?: boolean };
type Action = {
  operation: OperationOf<typeof fhirMatrix>;
  url: () => string;
  run: (caller: CallerName) => Promise<Outcome>;
};

async function casesCount(): Promise<number> {
  return t.database.db.$count(cases);
}

const actions = {
  'refer with a transaction Bundle': {
    operation: 'POST /fhir/R4',
    url: () => '/fhir/R4',
    run: async (caller) => {
      const before = await casesCount();
      const response = await send(caller, 'POST', '/fhir/R4', freshBundle());
      return { response, changed: (await casesCount()) !== before };
    },
  },
  'stage a Patient': stageOf('Patient-pat-53234.json'),
  'stage a ServiceRequest': stageOf(
    'ServiceRequest-SDOHCC-ServiceRequestActiveFoodPantryApplicationAssistExample.json',
  ),
  'stage a Consent': stageOf('Consent-SDOHCC-ConsentInformationDisclosureExample.json'),
  'stage a Practitioner': stageOf('Practitioner-SDOHCC-PractitionerDrJanWaterExample.json'),
  'stage a PractitionerRole': stageOf(
    'PractitionerRole-SDOHCC-PractitionerRoleDrJanWaterExample.json',
  ),
  'stage an Organization': stageOf('Organization-SDOHCC-OrganizationClinicExample.json'),
  'stage a Condition': stageOf('Condition-SDOHCC-ConditionFoodInsecurityExample.json'),
  'stage a DocumentReference': stageOf('DocumentReference-DocumentReferenceExample.json'),
  'refer with a Task naming what it staged': {
    operation: 'POST /fhir/R4/Task',
    url: () => '/fhir/R4/Task',
    run: async (caller) => {
      const token = tokens.get(caller);
      // A system stages the resources its Task names with its own token; the others cannot.
      const task =
        caller === 'system' || caller === 'other_system'
          ? (await stageExamples(t, token ?? '', homeSiteId)).task
          : { resourceType: 'Task', status: 'requested', intent: 'order' };
      const before = await casesCount();
      const response = await send(caller, 'POST', '/fhir/R4/Task', task);
      return { response, changed: (await casesCount()) !== before };
    },
  },
  'read a Task': readOf('Task'),
  'read a ServiceRequest': readOf('ServiceRequest'),
  'read a Patient': readOf('Patient'),
  'read a Consent': readOf('Consent'),
  // The home referral's consent names no recipient of updates: its outputs are never shown
  // (fhir-task-lifecycle.test.ts reads them where it does); here, who gets which refusal.
  'read a Procedure': outputOf('Procedure'),
  'read a Goal': outputOf('Goal'),
  'read the closing summary': outputOf('DocumentReference'),
  // The same for the outcome measures; a search of them by another finds nothing: 200, empty.
  'read a QuestionnaireResponse': outputOf('QuestionnaireResponse'),
  'read an Observation': outputOf('Observation'),
  'search QuestionnaireResponses': emptySearch(
    () => `QuestionnaireResponse?patient=${made.Patient ?? ''}`,
  ),
  'search Observations': emptySearch(() => `Observation?patient=${made.Patient ?? ''}`),
  // Another system, or another site's, finds nothing of the home system's: 200, an empty page.
  'search Tasks': {
    operation: 'GET /fhir/R4/Task',
    url: () => `/fhir/R4/Task?_id=${made.Task ?? ''}`,
    run: async (caller) => {
      const response = await send(caller, 'GET', `/fhir/R4/Task?_id=${made.Task ?? ''}`);
      if (response.statusCode === 200) {
        const found = response.json<{ entry?: { resource: { id: string } }[] }>().entry ?? [];
        expect(found.map((entry) => entry.resource.id)).toEqual(
          caller === 'system' ? [made.Task] : [],
        );
      }
      return { response };
    },
  },
  'subscribe to Task changes': {
    operation: 'POST /fhir/R4/Subscription',
    url: () => '/fhir/R4/Subscription',
    run: async (caller) => {
      const before = await subscriptionsCount();
      const response = await send(caller, 'POST', '/fhir/R4/Subscription', subscriptionBody());
      return { response, changed: (await subscriptionsCount()) !== before };
    },
  },
  // The home system's subscription: another system's search does not find it.
  'search Subscriptions': {
    operation: 'GET /fhir/R4/Subscription',
    url: () => '/fhir/R4/Subscription',
    run: async (caller) => {
      const id = await homeSubscription();
      const response = await send(caller, 'GET', '/fhir/R4/Subscription');
      if (response.statusCode === 200) {
        const found = response.json<{ entry?: { resource: { id: string } }[] }>().entry ?? [];
        expect(found.some((entry) => entry.resource.id === id)).toBe(caller === 'system');
      }
      return { response };
    },
  },
  'read a Subscription': {
    operation: 'GET /fhir/R4/Subscription/{id}',
    url: () => `/fhir/R4/Subscription/${randomUUID()}`,
    run: async (caller) => ({
      response: await send(caller, 'GET', `/fhir/R4/Subscription/${await homeSubscription()}`),
    }),
  },
  // Turned off by its system; another system's is not found and stays as it was.
  'turn a Subscription off': {
    operation: 'PUT /fhir/R4/Subscription/{id}',
    url: () => `/fhir/R4/Subscription/${randomUUID()}`,
    run: async (caller) => {
      const id = await homeSubscription(true);
      const response = await send(caller, 'PUT', `/fhir/R4/Subscription/${id}`, {
        ...subscriptionBody(),
        id,
        status: 'off',
      });
      const [row] = await t.database.db
        .select({ status: fhirSubscriptions.status })
        .from(fhirSubscriptions)
        .where(eq(fhirSubscriptions.id, id));
      return { response, changed: row?.status === 'off' };
    },
  },
  'delete a Subscription': {
    operation: 'DELETE /fhir/R4/Subscription/{id}',
    url: () => `/fhir/R4/Subscription/${randomUUID()}`,
    run: async (caller) => {
      const id = await homeSubscription(true);
      const response = await send(caller, 'DELETE', `/fhir/R4/Subscription/${id}`);
      const left = await t.database.db.$count(fhirSubscriptions, eq(fhirSubscriptions.id, id));
      return { response, changed: left === 0 };
    },
  },
  // The directory and the instruments are public data: any system with the scope reads them.
  'read a HealthcareService': publicRead(() => `HealthcareService/dir-${directory.service}`),
  'search HealthcareServices': publicRead(() => 'HealthcareService?_count=1'),
  'read a Location': publicRead(() => `Location/dir-${directory.location}`),
  'search Locations': publicRead(() => 'Location?_count=1'),
  'read an Organization': publicRead(() => `Organization/dir-${directory.organization}`),
  'search Organizations': publicRead(() => 'Organization?_count=1'),
  'read a Questionnaire': publicRead(() => 'Questionnaire/phq9'),
  'search Questionnaires': publicRead(() => 'Questionnaire?_count=1'),
} satisfies Record<string, Action>;

function subscriptionBody(): object {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Follow our referrals',
    criteria: 'Task?status=completed',
    channel: { type: 'rest-hook', endpoint: `${endpointOrigin}/hook` },
  };
}

async function subscriptionsCount(): Promise<number> {
  return t.database.db.$count(fhirSubscriptions);
}

let kept: string | undefined;

/** A subscription of the home system, made with its own token (the same one, unless `fresh`). */
async function homeSubscription(fresh = false): Promise<string> {
  const exists = async (id: string) =>
    (await t.database.db.$count(fhirSubscriptions, eq(fhirSubscriptions.id, id))) > 0;
  if (!fresh && kept && (await exists(kept))) return kept;
  const response = await send('system', 'POST', '/fhir/R4/Subscription', subscriptionBody());
  expect(response.statusCode, response.body).toBe(201);
  kept = response.json<{ id: string }>().id;
  return kept;
}

/** A read or search of public data: the operation from its address, the same for every caller. */
function publicRead(path: () => string): Action {
  const url = () => `/fhir/R4/${path()}`;
  const [type = '', id] = path().split('?')[0]?.split('/') ?? [];
  return {
    operation: `GET /fhir/R4/${type}${id ? '/{id}' : ''}` as Action['operation'],
    url,
    run: async (caller) => ({ response: await send(caller, 'GET', url()) }),
  };
}

/** An example posted on its own, without the references staging would check against what was staged. */
function stageOf(file: string): Action {
  const left = new Set([
    'text',
    'subject',
    'patient',
    'organization',
    'practitioner',
    'reasonReference',
    'evidence',
  ]);
  const resource = Object.fromEntries(
    Object.entries(sdohCcExample(file)).filter(([element]) => !left.has(element)),
  ) as ExampleResource;
  const url = () => `/fhir/R4/${resource.resourceType}`;
  return {
    operation: `POST /fhir/R4/${resource.resourceType}` as Action['operation'],
    url,
    run: async (caller) => {
      // A ServiceRequest and a Condition are about a Patient: one the caller staged, if it can.
      if (resource.resourceType === 'ServiceRequest' || resource.resourceType === 'Condition') {
        const patient = await send(caller, 'POST', '/fhir/R4/Patient', {
          resourceType: 'Patient',
          birthDate: '1987-02-20',
        });
        const id =
          patient.statusCode === 201 ? idOfLocation(patient.headers.location) : randomUUID();
        resource.subject = { reference: `Patient/${id}` };
      }
      return { response: await send(caller, 'POST', url(), resource) };
    },
  };
}

function readOf(type: 'Task' | 'ServiceRequest' | 'Patient' | 'Consent'): Action {
  const url = () => `/fhir/R4/${type}/${made[type] ?? ''}`;
  return {
    operation: `GET /fhir/R4/${type}/{id}`,
    url,
    run: async (caller) => ({ response: await send(caller, 'GET', url()) }),
  };
}

function outputOf(
  type: 'Procedure' | 'Goal' | 'DocumentReference' | 'QuestionnaireResponse' | 'Observation',
): Action {
  const id =
    type === 'DocumentReference'
      ? () => made.Task ?? ''
      : type === 'Observation'
        ? () => `${randomUUID()}.total`
        : () => randomUUID();
  const url = () => `/fhir/R4/${type}/${id()}`;
  return {
    operation: `GET /fhir/R4/${type}/{id}`,
    url,
    run: async (caller) => ({ response: await send(caller, 'GET', url()) }),
  };
}

/** A search that finds nothing for anyone here (the home referral's consent shares no updates). */
function emptySearch(path: () => string): Action {
  const url = () => `/fhir/R4/${path()}`;
  return {
    operation: `GET /fhir/R4/${path().split('?')[0] ?? ''}` as Action['operation'],
    url,
    run: async (caller) => {
      const response = await send(caller, 'GET', url());
      if (response.statusCode === 200) {
        expect(response.json<{ entry?: unknown[] }>().entry).toBeUndefined();
      }
      return { response };
    },
  };
}

type ActionName = keyof typeof actions;
type Row = [number, number, number, number, number, number];

// prettier-ignore
const matrix: Record<ActionName, Row> = {
  //                                  system  other  narrow  none  person  own space
  'refer with a transaction Bundle':  [200,   403,   403,    401,  401,    401],
  'stage a Patient':                  [201,   201,   403,    401,  401,    401],
  'stage a ServiceRequest':           [201,   201,   403,    401,  401,    401],
  'stage a Consent':                  [201,   201,   403,    401,  401,    401],
  'stage a Practitioner':             [201,   201,   403,    401,  401,    401],
  'stage a PractitionerRole':         [201,   201,   403,    401,  401,    401],
  'stage an Organization':            [201,   201,   403,    401,  401,    401],
  'stage a Condition':                [201,   201,   403,    401,  401,    401],
  'stage a DocumentReference':        [201,   201,   403,    401,  401,    401],
  'refer with a Task naming what it staged': [201, 403, 403, 401, 401,   401],
  'read a Task':                      [200,   404,   403,    401,  401,    401],
  'read a ServiceRequest':            [200,   404,   403,    401,  401,    401],
  'read a Patient':                   [200,   404,   403,    401,  401,    401],
  'read a Consent':                   [200,   404,   403,    401,  401,    401],
  'search Tasks':                     [200,   200,   403,    401,  401,    401],
  'read a Procedure':                 [404,   404,   403,    401,  401,    401],
  'read a Goal':                      [404,   404,   403,    401,  401,    401],
  'read the closing summary':         [404,   404,   403,    401,  401,    401],
  'read a QuestionnaireResponse':     [404,   404,   403,    401,  401,    401],
  'read an Observation':              [404,   404,   403,    401,  401,    401],
  'search QuestionnaireResponses':    [200,   200,   403,    401,  401,    401],
  'search Observations':              [200,   200,   403,    401,  401,    401],
  'subscribe to Task changes':        [201,   201,   403,    401,  401,    401],
  'search Subscriptions':             [200,   200,   403,    401,  401,    401],
  'read a Subscription':              [200,   404,   403,    401,  401,    401],
  'turn a Subscription off':          [200,   404,   403,    401,  401,    401],
  'delete a Subscription':            [204,   404,   403,    401,  401,    401],
  'read a HealthcareService':         [200,   200,   403,    401,  401,    401],
  'search HealthcareServices':        [200,   200,   403,    401,  401,    401],
  'read a Location':                  [200,   200,   403,    401,  401,    401],
  'search Locations':                 [200,   200,   403,    401,  401,    401],
  'read an Organization':             [200,   200,   403,    401,  401,    401],
  'search Organizations':             [200,   200,   403,    401,  401,    401],
  'read a Questionnaire':             [200,   200,   403,    401,  401,    401],
  'search Questionnaires':            [200,   200,   403,    401,  401,    401],
};

describe('the FHIR permission matrix', () => {
  it('has an action for every operation permission-routes.ts gives it, and no other', () => {
    const exercised = Object.values(actions).map((action: Action) => action.operation);
    expect([...operationsOf(fhirMatrix)].sort()).toEqual([...new Set(exercised)].sort());
    for (const action of Object.values(actions) as Action[]) {
      expect(operationOf(action.operation.split(' ')[0] ?? '', action.url())).toBe(
        action.operation,
      );
    }
  });

  for (const [name, row] of Object.entries(matrix) as [ActionName, Row][]) {
    for (const [index, caller] of callers.entries()) {
      const status = row[index];
      it(`${name}: ${caller} → ${String(status)}`, async () => {
        const { response, changed } = await (actions[name] as Action).run(caller);
        expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
        if (status !== undefined && status >= 400) {
          expect(response.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
        }
        if (changed !== undefined) expect(changed).toBe(status !== undefined && status < 300);
      });
    }
  }
});
