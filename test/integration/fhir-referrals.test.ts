import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consent, OperationOutcome, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import {
  auditEvents,
  cases,
  consents,
  fhirIdentifiers,
  fhirResources,
  outboundEmails,
  people,
} from '../../src/server/db/schema';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import type { TriageList } from '../../src/shared/contracts/cases';
import type { FhirClient } from '../../src/shared/contracts/systems';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import {
  type TransactionBundle,
  type TransactionResponse,
  entryOf,
  exampleReferralBundle,
  idOfLocation,
  postBundle,
  postResource,
  readFhir,
  referByBundle,
  referralExampleFiles,
  stageExamples,
  withStagedIds,
} from '../helpers/fhir-referral';
import { sdohCcExample } from '../helpers/sdoh-cc';
import {
  type SystemKey,
  makeSystemKey,
  registerSystem,
  systemToken,
} from '../helpers/fhir-systems';
import { caseSteps } from '../helpers/case-steps';

/*
 * A referral sent as a FHIR transaction Bundle (interop/fhir/DESIGN.md §2): checked whole,
 * written all or nothing through the referrals feature, in the site's triage queue like a
 * referral made on screen; refused with an OperationOutcome naming the element otherwise.
 */

const publicUrl = 'https://passerelle.example';
const tokenUrl = `${publicUrl}/oauth/token`;

let t: TestApp;
let siteId: string;
let otherSiteId: string;
let linkWorker: Client;
const { caseVersion, moveCase } = caseSteps(() => linkWorker);
let system: FhirClient;
let key: SystemKey;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  otherSiteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorker = await signedInClient(t.app, worker);
  key = await makeSystemKey();
  system = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [key],
    allowedScopes: ['system/*.cr'],
  });
  token = await systemToken(t, system, key, tokenUrl, 'system/*.cr');
});
afterAll(async () => {
  await t.close();
});

/** How many rows a referral writes, table by table. */
async function rowCounts() {
  const db = t.database.db;
  return {
    cases: await db.$count(cases),
    people: await db.$count(people),
    consents: await db.$count(consents),
    received: await db.$count(fhirResources),
    keys: await db.$count(fhirIdentifiers),
    emails: await db.$count(outboundEmails),
    created: await db.$count(auditEvents, eq(auditEvents.action, 'referral.created')),
  };
}

function outcomeOf(response: { json: <T>() => T }): OperationOutcome {
  const outcome = response.json<OperationOutcome>();
  expect(outcome.resourceType).toBe('OperationOutcome');
  return outcome;
}

function expressionsOf(outcome: OperationOutcome): string[] {
  return (outcome.issue ?? []).flatMap((issue) => issue.expression ?? []);
}

describe('POST /fhir/R4 with a referral’s transaction Bundle', () => {
  it('takes the Gravity examples as one Bundle and answers each entry 201 with its Location', async () => {
    const bundle = exampleReferralBundle(siteId);
    const before = await rowCounts();
    const response = await postBundle(t, token, bundle);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const answer = response.json<TransactionResponse>();
    expect(validateFhirResource(answer)).toEqual([]);
    expect(answer.type).toBe('transaction-response');
    expect(answer.entry).toHaveLength(referralExampleFiles.length);
    for (const [index, entry] of answer.entry.entries()) {
      const type = bundle.entry[index]?.resource.resourceType ?? '';
      expect(entry.response.status).toBe('201 Created');
      expect(entry.response.location).toMatch(new RegExp(`^${type}/[0-9a-f-]{36}/_history/1$`));
    }
    expect(await rowCounts()).toEqual({
      ...before,
      cases: before.cases + 1,
      people: before.people + 1,
      consents: before.consents + 1,
      received: before.received + referralExampleFiles.length,
      keys: before.keys + 1, // the body's hash: the examples carry no identifier to key on
      emails: before.emails + 1, // the site's one link worker
      created: before.created + 1,
    });
  });

  it('puts the case in the site’s triage queue, as the system’s account’s referral, audited', async () => {
    // The same person referred twice: two Bundles of their own.
    expect(
      (
        await postBundle(
          t,
          token,
          changed(() => undefined),
        )
      ).statusCode,
    ).toBe(200);
    const response = await postBundle(
      t,
      token,
      changed(() => undefined),
    );
    expect(response.statusCode, response.body).toBe(200);
    const taskEntry = response.json<TransactionResponse>().entry.at(-1);
    const caseId = idOfLocation(taskEntry?.response.location);
    const triage = await linkWorker.get('/api/cases/triage');
    expect(triage.statusCode).toBe(200);
    const item = triage.json<TriageList>().items.find((i) => i.id === caseId);
    expect(item).toMatchObject({
      siteId,
      source: 'clinician',
      reasons: ['food'],
      urgency: 'routine',
      personName: expect.stringContaining('BAXTER'),
    });
    // Referred twice, the same person at the same site: flagged as on screen.
    expect(item?.possibleDuplicate).toBe(true);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({
      referrerAccountId: system.accountId,
      referrerName: 'Dr Jan Water',
      referrerOrganisation: 'Better Health Clinic',
      referrerContact: '639 442 6719',
      status: 'new',
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.created'), eq(auditEvents.subjectId, caseId)));
    expect(audit?.actorId).toBe(system.accountId);
    expect(audit?.details).toMatchObject({ via: 'fhir', fhirClientId: system.id });
  });

  it('keeps the Patient’s phone in E.164, as text messages need it', async () => {
    const response = await postBundle(
      t,
      token,
      changed((b) => {
        (entryOf(b, 'Patient') as Patient).telecom = [
          { system: 'phone', value: '1 (819) 555.0123', use: 'mobile' },
        ];
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    const caseId = idOfLocation(
      response.json<TransactionResponse>().entry.at(-1)?.response.location,
    );
    const [row] = await t.database.db
      .select({ phone: people.phone, contactPreference: people.contactPreference })
      .from(people)
      .innerJoin(cases, eq(cases.personId, people.id))
      .where(eq(cases.id, caseId));
    expect(row).toEqual({ phone: '+18195550123', contactPreference: 'phone' });
  });
});

/** A Bundle of the examples changed by `change`, each with an identifier of its own. */
function changed(change: (bundle: TransactionBundle) => void): TransactionBundle {
  const bundle = exampleReferralBundle(siteId);
  bundle.identifier = { system: 'https://ehr.example/bundles', value: randomUUID() };
  change(bundle);
  return bundle;
}

describe('a Bundle that is wrong anywhere writes nothing', () => {
  const refusals: {
    name: string;
    bundle: () => TransactionBundle;
    status: number;
    at: string;
  }[] = [
    {
      name: 'a birth date the calendar does not have',
      bundle: () =>
        changed((b) => {
          entryOf(b, 'Patient').birthDate = '1987-02-30';
        }),
      status: 400,
      at: 'Bundle.entry[0].resource.birthDate',
    },
    {
      name: 'a code outside its required binding',
      bundle: () =>
        changed((b) => {
          entryOf(b, 'ServiceRequest').intent = 'wish';
        }),
      status: 400,
      at: 'Bundle.entry[3].resource.intent',
    },
    {
      name: 'a reference to nothing in the Bundle',
      bundle: () =>
        changed((b) => {
          entryOf(b, 'ServiceRequest').subject = { reference: 'Patient/someone-else' };
        }),
      status: 400,
      at: 'Bundle.entry[3].resource.subject.reference',
    },
    {
      name: 'no consent',
      bundle: () =>
        changed((b) => {
          b.entry = b.entry.filter((e) => e.resource.resourceType !== 'Consent');
          // The payer the consent named stays; nothing else refers to it.
        }),
      status: 422,
      at: 'Bundle.entry',
    },
    {
      name: 'a consent no longer active',
      bundle: () =>
        changed((b) => {
          entryOf(b, 'Consent').status = 'inactive';
        }),
      status: 422,
      at: 'Bundle.entry[1].resource.status',
    },
    {
      name: 'a Task owned by an organisation that is not one of our sites',
      bundle: () =>
        changed((b) => {
          entryOf(b, 'Task').owner = { reference: 'Organization/SDOHCC-OrganizationClinicExample' };
        }),
      status: 422,
      at: 'Bundle.entry[9].resource.owner',
    },
    {
      name: 'a person too young to have been born (a birth date to come)',
      bundle: () =>
        changed((b) => {
          entryOf(b, 'Patient').birthDate = '2999-01-01';
        }),
      status: 422,
      at: 'Bundle.entry[0].resource.birthDate',
    },
    {
      name: 'a Patient phone that is no number',
      bundle: () =>
        changed((b) => {
          (entryOf(b, 'Patient') as Patient).telecom = [
            { system: 'phone', value: 'ask the front desk' },
          ];
        }),
      status: 422,
      at: 'Bundle.entry[0].resource.telecom',
    },
    {
      name: 'a batch rather than a transaction',
      bundle: () =>
        changed((b) => {
          b.type = 'batch';
        }),
      status: 400,
      at: 'Bundle.type',
    },
    {
      name: 'an entry that updates rather than creates',
      bundle: () =>
        changed((b) => {
          const entry = b.entry[0];
          if (entry) entry.request = { method: 'PUT', url: 'Patient/pat-53234' };
        }),
      status: 422,
      at: 'Bundle.entry[0].request.method',
    },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name} (${refusal.status}, at ${refusal.at})`, async () => {
      const before = await rowCounts();
      const response = await postBundle(t, token, refusal.bundle());
      expect(response.statusCode, response.body).toBe(refusal.status);
      expect(expressionsOf(outcomeOf(response))).toContain(refusal.at);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('refuses a Task owned by a site the system does not refer to (403), audited as denied', async () => {
    const before = await rowCounts();
    const response = await postBundle(
      t,
      token,
      changed((b) => {
        entryOf(b, 'Task').owner = { reference: `Organization/site-${otherSiteId}` };
      }),
    );
    expect(response.statusCode, response.body).toBe(403);
    outcomeOf(response);
    expect(await rowCounts()).toEqual(before);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.subjectId, otherSiteId)));
    expect(denied).toHaveLength(1);
    expect(denied[0]?.actorId).toBe(system.accountId);
  });

  it('says what is wrong in the caller’s language', async () => {
    const noConsent = changed((b) => {
      b.entry = b.entry.filter((e) => e.resource.resourceType !== 'Consent');
    });
    const english = outcomeOf(await postBundle(t, token, noConsent, { 'accept-language': 'en' }));
    expect(english.issue?.[0]?.diagnostics).toContain('A referral needs the person’s consent');
    const french = outcomeOf(await postBundle(t, token, noConsent, { 'accept-language': 'fr' }));
    expect(french.issue?.[0]?.diagnostics).toContain(
      'Une orientation demande le consentement de la personne\u202f:',
    );
    const badDate = changed((b) => {
      entryOf(b, 'Patient').birthDate = '2999-01-01';
    });
    const refused = outcomeOf(await postBundle(t, token, badDate, { 'accept-language': 'fr' }));
    expect(refused.issue?.[0]?.diagnostics).toMatch(/^Pour l’orientation\u202f: /);
  });

  it('refuses a request without a token (401) and one whose scopes do not create every entry (403)', async () => {
    const before = await rowCounts();
    expect((await postBundle(t, undefined, exampleReferralBundle(siteId))).statusCode).toBe(401);
    const narrow = await systemToken(t, system, key, tokenUrl, 'system/Task.c system/Patient.c');
    const response = await postBundle(t, narrow, exampleReferralBundle(siteId));
    expect(response.statusCode).toBe(403);
    expect(expressionsOf(outcomeOf(response))).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});

function taskLocation(response: { json: <T>() => T }): string | undefined {
  return response.json<TransactionResponse>().entry.at(-1)?.response.location;
}

/** The examples' referral with a placer order number on its ServiceRequest. */
function ordered(value: string, change: (bundle: TransactionBundle) => void = () => undefined) {
  return changed((b) => {
    entryOf(b, 'ServiceRequest').identifier = [{ system: 'https://ehr.example/orders', value }];
    change(b);
  });
}

describe('the same referral sent again', () => {
  it('makes one case: the same Bundle is answered 200 with the resources made the first time', async () => {
    const bundle = changed(() => undefined);
    const first = await postBundle(t, token, bundle);
    expect(first.statusCode, first.body).toBe(200);
    const before = await rowCounts();
    const again = await postBundle(t, token, bundle);
    expect(again.statusCode, again.body).toBe(200);
    const answer = again.json<TransactionResponse>();
    expect(validateFhirResource(answer)).toEqual([]);
    expect(answer.entry.map((e) => e.response.status)).toEqual(bundle.entry.map(() => '200 OK'));
    expect(answer.entry.map((e) => e.response.location)).toEqual(
      first.json<TransactionResponse>().entry.map((e) => e.response.location),
    );
    expect(answer.entry.some((e) => e.response.outcome)).toBe(false);
    expect(await rowCounts()).toEqual(before);
  });

  it('makes one case for the same ServiceRequest identifier, and says nothing changed', async () => {
    const order = randomUUID();
    const first = await postBundle(t, token, ordered(order));
    expect(first.statusCode, first.body).toBe(200);
    const before = await rowCounts();
    const amended = ordered(order, (b) => {
      entryOf(b, 'ServiceRequest').note = [{ text: 'Prefers mornings.' }];
    });
    const again = await postBundle(t, token, amended, { 'accept-language': 'fr' });
    expect(again.statusCode, again.body).toBe(200);
    expect(taskLocation(again)).toBe(taskLocation(first));
    const entry = again.json<TransactionResponse>().entry[0];
    expect(entry?.response.status).toBe('200 OK');
    expect(entry?.response.outcome?.issue[0]?.diagnostics).toBe(
      'Cette orientation a déjà été reçue\u202f; rien n’a été modifié.',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('makes one case when two copies arrive at once, the same Bundle or the same order', async () => {
    for (const copies of [
      () => {
        const bundle = changed(() => undefined);
        return [bundle, bundle];
      },
      () => {
        const order = randomUUID();
        return [ordered(order), ordered(order)];
      },
    ]) {
      const before = await rowCounts();
      const answers = await Promise.all(copies().map((bundle) => postBundle(t, token, bundle)));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
      expect(taskLocation(answers[0] ?? first())).toBe(taskLocation(answers[1] ?? first()));
      const statuses = answers.map((a) => a.json<TransactionResponse>().entry[0]?.response.status);
      expect(statuses.sort()).toEqual(['200 OK', '201 Created']);
      const after = await rowCounts();
      expect(after.cases).toBe(before.cases + 1);
      expect(after.created).toBe(before.created + 1);
    }
  });

  it('finds the referral a conditional create names (ifNoneExist identifier=system|value)', async () => {
    const order = randomUUID();
    const first = await postBundle(t, token, ordered(order));
    const before = await rowCounts();
    const conditional = changed((b) => {
      const entry = b.entry.find((e) => e.resource.resourceType === 'ServiceRequest');
      if (entry) {
        entry.request.ifNoneExist = `identifier=${encodeURIComponent(`https://ehr.example/orders|${order}`)}`;
      }
    });
    const again = await postBundle(t, token, conditional);
    expect(again.statusCode, again.body).toBe(200);
    expect(taskLocation(again)).toBe(taskLocation(first));
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses (412) identifiers that name two referrals, writing nothing', async () => {
    const [orderA, orderB] = [randomUUID(), randomUUID()];
    expect((await postBundle(t, token, ordered(orderA))).statusCode).toBe(200);
    const taskKeyed = changed((b) => {
      entryOf(b, 'Task').identifier = [{ system: 'https://ehr.example/tasks', value: orderB }];
    });
    expect((await postBundle(t, token, taskKeyed)).statusCode).toBe(200);
    const before = await rowCounts();
    const both = ordered(orderA, (b) => {
      entryOf(b, 'Task').identifier = [{ system: 'https://ehr.example/tasks', value: orderB }];
    });
    const response = await postBundle(t, token, both);
    expect(response.statusCode, response.body).toBe(412);
    outcomeOf(response);
    expect(await rowCounts()).toEqual(before);
  });

  it('takes the same Bundle as a new referral once its week has passed', async () => {
    const bundle = exampleReferralBundle(siteId);
    // Another clinic first, so that this Bundle is one of its own (the Task stays last).
    bundle.entry.unshift({
      fullUrl: 'urn:uuid:7d1c0a4e-2b9f-4c56-9d0e-3f1a2b3c4d5e',
      resource: { resourceType: 'Organization', name: `Clinic ${randomUUID()}` },
      request: { method: 'POST', url: 'Organization' },
    });
    const first = await postBundle(t, token, bundle);
    expect(first.statusCode).toBe(200);
    await t.database.db
      .update(fhirIdentifiers)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(fhirIdentifiers.caseId, idOfLocation(taskLocation(first))));
    const again = await postBundle(t, token, bundle);
    expect(again.statusCode).toBe(200);
    expect(again.json<TransactionResponse>().entry[0]?.response.status).toBe('201 Created');
    expect(taskLocation(again)).not.toBe(taskLocation(first));
  });
});

function first(): never {
  throw new Error('no answer');
}

/** A new referral of the examples, with the id of each resource made, by type. */
function referred(): Promise<Record<string, string>> {
  return referByBundle(t, token, siteId);
}

async function read<T>(url: string, expected = 200): Promise<T> {
  const response = await readFhir(t, token, url);
  expect(response.statusCode, response.body).toBe(expected);
  expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  const resource = response.json<T & { resourceType: string }>();
  if (expected === 200) expect(validateFhirResource(resource)).toEqual([]);
  return resource;
}

describe('reading back what was posted', () => {
  it('serves the Task, ServiceRequest, Patient and Consent made, each valid FHIR R4', async () => {
    const made = await referred();
    const task = await read<Task>(`Task/${made.Task ?? ''}`);
    expect(task).toMatchObject({
      id: made.Task,
      status: 'requested',
      intent: 'order',
      businessStatus: { coding: [expect.objectContaining({ code: 'received' })] },
      for: { reference: `Patient/${made.Patient ?? ''}` },
      focus: { reference: `ServiceRequest/${made.ServiceRequest ?? ''}` },
      requester: { reference: `PractitionerRole/${made.PractitionerRole ?? ''}` },
      owner: { reference: `Organization/site-${siteId}` },
      meta: { versionId: '1' },
    });
    const request = await read<ServiceRequest>(`ServiceRequest/${made.ServiceRequest ?? ''}`);
    expect(request.subject.reference).toBe(`Patient/${made.Patient ?? ''}`);
    expect(request.reasonReference?.[0]?.reference).toBe(`Condition/${made.Condition ?? ''}`);
    const patient = await read<Patient>(`Patient/${made.Patient ?? ''}`);
    expect(patient).toMatchObject({
      name: [{ family: 'BAXTER', given: ['COLIN V.'] }],
      birthDate: '1987-02-20',
      gender: 'male',
      identifier: [expect.objectContaining({ value: '1032702' })],
      active: true,
    });
    const consent = await read<Consent>(`Consent/${made.Consent ?? ''}`);
    expect(consent).toMatchObject({
      status: 'active',
      patient: { reference: `Patient/${made.Patient ?? ''}` },
    });
  });

  it('follows the case: taken, accepted, discharged; declined with its SNOMED code and reason', async () => {
    const stateOf = async (id: string) => {
      const task = await read<Task>(`Task/${id}`);
      return [task.status, task.businessStatus?.coding?.[0]?.code, task.statusReason?.text];
    };
    const made = await referred();
    const caseId = made.Task ?? '';
    expect(
      (await linkWorker.post(`/api/cases/${caseId}/take`, { version: await caseVersion(caseId) }))
        .statusCode,
    ).toBe(200);
    expect(await stateOf(caseId)).toEqual(['requested', 'assigned', undefined]);
    await moveCase(caseId, { to: 'active' });
    expect(await stateOf(caseId)).toEqual(['accepted', 'accepted', undefined]);
    await moveCase(caseId, { to: 'discharged', reason: 'goals_met' });
    expect(await stateOf(caseId)).toEqual(['completed', 'discharged', 'Goals met']);

    const declined = (await referred()).Task ?? '';
    await linkWorker.post(`/api/cases/${declined}/take`, { version: await caseVersion(declined) });
    await moveCase(declined, { to: 'declined', reason: 'not_interested' });
    const task = await read<Task>(`Task/${declined}`);
    expect(task.status).toBe('rejected');
    expect(task.businessStatus?.coding?.map((c) => c.code)).toEqual([
      'declined',
      '871711000000103',
    ]);
    expect(task.statusReason?.text).toBeTruthy();
  });

  it('does not find another system’s referral (404, audited as denied) nor an id it never made', async () => {
    const made = await referred();
    const otherKey = await makeSystemKey();
    const admin = await makeAccount(t.database.db, [{ role: 'administrator' }]);
    const administrator = new Client(t.app);
    await administrator.signIn(admin.email, admin.password);
    const other = await registerSystem(administrator, {
      siteIds: [siteId],
      keys: [otherKey],
      allowedScopes: ['system/*.r'],
    });
    const otherToken = await systemToken(t, other, otherKey, tokenUrl, 'system/*.r');
    for (const type of ['Task', 'ServiceRequest', 'Patient', 'Consent']) {
      const response = await readFhir(t, otherToken, `${type}/${made[type] ?? ''}`);
      expect(response.statusCode, type).toBe(404);
      outcomeOf(response);
    }
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.actorId, other.accountId)),
      );
    expect(denied.map((event) => event.subjectId)).toEqual([
      made.Task,
      made.Task,
      made.Task,
      made.Task,
    ]);
    for (const url of [`Task/${randomUUID()}`, 'Patient/pat-53234']) {
      expect((await readFhir(t, token, url)).statusCode).toBe(404);
    }
  });

  it('needs the type’s read scope, and audits each read with the case', async () => {
    const made = await referred();
    const taskOnly = await systemToken(t, system, key, tokenUrl, 'system/Task.r');
    expect((await readFhir(t, taskOnly, `Task/${made.Task ?? ''}`)).statusCode).toBe(200);
    const refused = await readFhir(t, taskOnly, `Patient/${made.Patient ?? ''}`);
    expect(refused.statusCode).toBe(403);
    const reads = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'referral.viewed'), eq(auditEvents.subjectId, made.Task ?? '')),
      );
    expect(reads.map((event) => event.details)).toEqual([
      expect.objectContaining({ via: 'fhir', resourceType: 'Task', id: made.Task }),
    ]);
  });

  it('names the business status in the system’s language', async () => {
    const made = await referred();
    const task = await read<Task>(`Task/${made.Task ?? ''}`);
    // The system was registered in English.
    expect(task.businessStatus?.text).toBe('Received: waiting in the site’s triage queue');
  });
});

describe('a referral posted one resource at a time, then its Task', () => {
  it('stages each resource under an id of ours, then makes the referral at the Task', async () => {
    const before = await rowCounts();
    const { ids, task } = await stageExamples(t, token, siteId);
    const patientId = ids.get('Patient/pat-53234') ?? '';
    // Staged, readable by its system alone, and no referral yet.
    const staged = await read<Patient>(`Patient/${patientId}`);
    expect(staged.name?.[1]?.family).toBe('BAXTER');
    expect((await rowCounts()).cases).toBe(before.cases);

    const response = await postResource(t, token, task);
    expect(response.statusCode, response.body).toBe(201);
    // R4's create answers the new version's absolute URL, which clients follow.
    expect(response.headers.location).toMatch(
      /^https:\/\/passerelle\.example\/fhir\/R4\/Task\/[^/]+\/_history\/1$/,
    );
    const taskId = idOfLocation(response.headers.location as string);
    const answered = response.json<Task>();
    expect(validateFhirResource(answered)).toEqual([]);
    expect(answered).toMatchObject({
      id: taskId,
      status: 'requested',
      for: { reference: `Patient/${patientId}` },
      focus: {
        reference: `ServiceRequest/${ids.get('ServiceRequest/SDOHCC-ServiceRequestActiveFoodPantryApplicationAssistExample') ?? ''}`,
      },
    });
    // The person and consent took the staged ids: the Patient now reads from the record.
    const patient = await read<Patient>(`Patient/${patientId}`);
    expect(patient.name).toEqual([{ family: 'BAXTER', given: ['COLIN V.'] }]);
    const consentId = ids.get('Consent/SDOHCC-ConsentInformationDisclosureExample') ?? '';
    expect((await read<Consent>(`Consent/${consentId}`)).patient?.reference).toBe(
      `Patient/${patientId}`,
    );
    const after = await rowCounts();
    expect(after.cases).toBe(before.cases + 1);
    expect(after.received).toBe(before.received + referralExampleFiles.length);
    const triage = await linkWorker.get('/api/cases/triage');
    expect(triage.json<TriageList>().items.map((item) => item.id)).toContain(taskId);

    // The same Task again: the referral it made, 200.
    const again = await postResource(t, token, task);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers.location).toBe(response.headers.location);
    expect((await rowCounts()).cases).toBe(after.cases);
  });

  it('makes the referral at a Task sent with an Idempotency-Key, and replays its answer', async () => {
    const { task } = await stageExamples(t, token, siteId);
    const key = { 'idempotency-key': randomUUID() };
    const response = await postResource(t, token, task, key);
    expect(response.statusCode, response.body).toBe(201);
    const before = await rowCounts();
    const replayed = await postResource(t, token, task, key);
    expect(replayed.statusCode, replayed.body).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json<Task>().id).toBe(response.json<Task>().id);
    expect((await rowCounts()).cases).toBe(before.cases);
  });

  it('refuses a resource naming one its system did not stage, and a Task naming nothing staged', async () => {
    const condition = sdohCcExample('Condition-SDOHCC-ConditionFoodInsecurityExample.json');
    delete condition.evidence;
    condition.subject = { reference: `Patient/${randomUUID()}` };
    const refused = await postResource(t, token, condition);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(expressionsOf(outcomeOf(refused))).toEqual(['Condition.subject.reference']);
    const before = await rowCounts();
    const { task } = await stageExamples(t, token, siteId);
    task.focus = { reference: `ServiceRequest/${randomUUID()}` };
    const response = await postResource(t, token, task);
    expect(response.statusCode, response.body).toBe(400);
    expect(expressionsOf(outcomeOf(response))).toEqual(['Task.focus.reference']);
    expect((await rowCounts()).cases).toBe(before.cases);
  });

  it('keeps nothing of a resource one of whose references is not staged, and names only that one', async () => {
    const { ids } = await stageExamples(t, token, siteId);
    const example = exampleReferralBundle(siteId).entry.find(
      (entry) => entry.resource.resourceType === 'ServiceRequest',
    );
    if (!example) throw new Error('no ServiceRequest among the examples');
    const serviceRequest = withStagedIds(example.resource, ids);
    const before = await rowCounts();
    const unstaged = `Condition/${randomUUID()}`;
    serviceRequest.reasonReference = [{ reference: unstaged }];
    const refused = await postResource(t, token, serviceRequest);
    expect(refused.statusCode, refused.body).toBe(400);
    const outcome = outcomeOf(refused);
    expect(expressionsOf(outcome)).toEqual(['ServiceRequest.reasonReference[0].reference']);
    expect(JSON.stringify(outcome)).toContain(unstaged);
    expect((await rowCounts()).received).toBe(before.received);
    // The same, its references all staged: kept.
    delete serviceRequest.reasonReference;
    const kept = await postResource(t, token, serviceRequest);
    expect(kept.statusCode, kept.body).toBe(201);
    expect((await rowCounts()).received).toBe(before.received + 1);
  });

  it('forgets what no Task took within a day', async () => {
    const { ids } = await stageExamples(t, token, siteId);
    const patientId = ids.get('Patient/pat-53234') ?? '';
    await t.database.db
      .update(fhirResources)
      .set({ stagedUntil: new Date(Date.now() - 1000) })
      .where(isNull(fhirResources.caseId));
    await t.runJob('systems.purge');
    expect(await t.database.db.$count(fhirResources, isNull(fhirResources.caseId))).toBe(0);
    expect((await readFhir(t, token, `Patient/${patientId}`)).statusCode).toBe(404);
  });
});
