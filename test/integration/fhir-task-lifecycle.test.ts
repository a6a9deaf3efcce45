import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Consent, DocumentReference, Goal, Procedure, Task } from '@medplum/fhirtypes';
import { consents } from '../../src/server/db/schema';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import type { Connection } from '../../src/shared/contracts/connections';
import type { FhirClient } from '../../src/shared/contracts/systems';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { entryOf, readFhir, referByBundle } from '../helpers/fhir-referral';
import { makeSystemKey, registerSystem, systemToken } from '../helpers/fhir-systems';
import { caseSteps } from '../helpers/case-steps';
import { siteDay } from '../helpers/site-day';

/*
 * The Task a referral source follows (interop/fhir/DESIGN.md §3): its status, business
 * status and reason follow the case as staff work it on screen, through the JSON API, and
 * its own version and time move with every change of what it shows.
 */

const publicUrl = 'https://passerelle.example';

let t: TestApp;
let siteId: string;
let linkWorker: Client;
const { take, moveCase } = caseSteps(() => linkWorker);
let system: FhirClient;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorker = await signedInClient(t.app, worker);
  const key = await makeSystemKey();
  system = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [key],
    allowedScopes: ['system/*.cr'],
  });
  token = await systemToken(t, system, key, `${publicUrl}/oauth/token`, 'system/*.cr');
});
afterAll(async () => {
  await t.close();
});

async function readTask(id: string): Promise<Task> {
  const response = await readFhir(t, token, `Task/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  const task = response.json<Task>();
  expect(validateFhirResource(task)).toEqual([]);
  expect(response.headers.etag).toBe(`W/"${task.meta?.versionId ?? ''}"`);
  return task;
}

type Seen = { status: string; business: string[]; reason?: string; version: number; at: string };

function seen(task: Task): Seen {
  return {
    status: task.status,
    business: (task.businessStatus?.coding ?? []).map((coding) => coding.code ?? ''),
    ...(task.statusReason?.text ? { reason: task.statusReason.text } : {}),
    version: Number(task.meta?.versionId),
    at: task.meta?.lastUpdated ?? '',
  };
}

async function ok<T>(response: { statusCode: number; body: string; json: <U>() => U }): Promise<T> {
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** A described activity proposed, sent, and accepted by its partner on the phone. */
async function connect(caseId: string): Promise<Connection> {
  const proposed = await linkWorker.post(`/api/cases/${caseId}/connections`, {
    organisationName: 'Friendly Knitters',
    activity: 'Knitting circle',
    personWants: 'Learn to knit',
  });
  expect(proposed.statusCode, proposed.body).toBe(201);
  let connection = proposed.json<Connection>();
  connection = await ok<Connection>(
    await linkWorker.post(`/api/connections/${connection.id}/status`, {
      to: 'sent',
      version: connection.version,
    }),
  );
  return ok<Connection>(
    await linkWorker.post(`/api/connections/${connection.id}/partner-answers`, {
      to: 'accepted',
      version: connection.version,
    }),
  );
}

/** Each step moves the Task on: a new version, at a later time. */
function expectMovedOn(before: Seen, after: Seen): void {
  expect(after.version).toBeGreaterThan(before.version);
  expect(after.at >= before.at).toBe(true);
}

describe('the Task follows the case as staff work it', () => {
  it('received, assigned, accepted, in progress once connected, completed at discharge', async () => {
    const caseId = (await referByBundle(t, token, siteId)).Task ?? '';
    const received = seen(await readTask(caseId));
    expect(received).toMatchObject({ status: 'requested', business: ['received'], version: 1 });

    await take(caseId);
    const assigned = seen(await readTask(caseId));
    expect(assigned).toMatchObject({ status: 'requested', business: ['assigned'] });
    expectMovedOn(received, assigned);

    await moveCase(caseId, { to: 'active' });
    const accepted = seen(await readTask(caseId));
    expect(accepted).toMatchObject({ status: 'accepted', business: ['accepted'] });
    expect(accepted.reason).toBeUndefined();
    expectMovedOn(assigned, accepted);

    await connect(caseId);
    const connected = seen(await readTask(caseId));
    expect(connected).toMatchObject({ status: 'in-progress', business: ['connected'] });
    expectMovedOn(accepted, connected);
    // Read again without a change: the same version.
    expect(seen(await readTask(caseId))).toEqual(connected);

    await moveCase(caseId, { to: 'discharged', reason: 'goals_met' });
    const completed = seen(await readTask(caseId));
    expect(completed).toMatchObject({
      status: 'completed',
      business: ['discharged'],
      reason: 'Goals met',
    });
    expectMovedOn(connected, completed);
    const task = await readTask(caseId);
    expect(task.executionPeriod?.end).toBeTruthy();
    expect(task.lastModified).toBe(task.meta?.lastUpdated);
  });

  it('rejected with the reason and SNOMED code at a decline', async () => {
    const declined = (await referByBundle(t, token, siteId)).Task ?? '';
    await take(declined);
    await moveCase(declined, { to: 'declined', reason: 'not_interested' });
    expect(seen(await readTask(declined))).toMatchObject({
      status: 'rejected',
      business: ['declined', '871711000000103'],
      reason: expect.any(String),
    });
  });

  it('cancelled when the person, once accepted, leaves without being helped', async () => {
    const caseId = (await referByBundle(t, token, siteId)).Task ?? '';
    await take(caseId);
    await moveCase(caseId, { to: 'active' });
    await moveCase(caseId, { to: 'discharged', reason: 'no_contact' });
    expect(seen(await readTask(caseId))).toMatchObject({
      status: 'cancelled',
      business: ['discharged'],
      reason: expect.any(String),
    });
  });

  it('keeps its version when staff change what the Task does not show', async () => {
    const caseId = (await referByBundle(t, token, siteId)).Task ?? '';
    await take(caseId);
    const before = seen(await readTask(caseId));
    // A call is on the case's record, not in the Task.
    const call = await linkWorker.post(`/api/cases/${caseId}/contacts`, {
      channel: 'phone',
      outcome: 'no_answer',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(call.statusCode, call.body).toBe(201);
    expect(seen(await readTask(caseId))).toEqual(before);
  });
});

/** A referral whose Consent lets the requester (the PractitionerRole) hear how it went. */
function referWithUpdates(): Promise<Record<string, string>> {
  return referByBundle(t, token, siteId, (bundle) => {
    entryOf(bundle, 'Consent').provision = {
      type: 'permit',
      actor: [
        {
          role: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
              },
            ],
          },
          reference: { reference: 'PractitionerRole/SDOHCC-PractitionerRoleDrJanWaterExample' },
        },
      ],
    };
  });
}

async function read<T>(url: string): Promise<T> {
  const response = await readFhir(t, token, url);
  expect(response.statusCode, response.body).toBe(200);
  const resource = response.json<T>();
  expect(validateFhirResource(resource)).toEqual([]);
  return resource;
}

/** The plan agreed with two goals, a connection attended, and the case discharged, goals met. */
async function workToTheEnd(caseId: string): Promise<void> {
  await take(caseId);
  await moveCase(caseId, { to: 'active' });
  const plan = await linkWorker.request('PUT', `/api/cases/${caseId}/plan`, {
    goals: [{ text: 'Get out of the house twice a week' }, { text: 'Learn to knit' }],
    agreedOn: siteDay(),
  });
  expect(plan.statusCode, plan.body).toBe(200);
  const connection = await connect(caseId);
  await ok(
    await linkWorker.post(`/api/connections/${connection.id}/status`, {
      to: 'attended',
      firstAttendedOn: siteDay(),
      version: connection.version,
    }),
  );
  await moveCase(caseId, { to: 'discharged', reason: 'goals_met' });
}

function outputsOf(task: Task): string[] {
  return (task.output ?? []).map((output) => output.valueReference?.reference ?? '');
}

describe('the Task’s outputs, where the person’s consent lets the referrer hear them', () => {
  it('a Procedure per connection attended, a Goal per plan goal, and the closing summary', async () => {
    const caseId = (await referWithUpdates()).Task ?? '';
    await workToTheEnd(caseId);
    const task = await readTask(caseId);
    const outputs = outputsOf(task);
    expect(outputs.map((reference) => reference.split('/')[0])).toEqual([
      'Procedure',
      'Goal',
      'Goal',
      'DocumentReference',
    ]);
    expect(task.output?.[0]?.type.coding?.[0]?.code).toBe('resulting-activity');

    const procedure = await read<Procedure>(outputs[0] ?? '');
    expect(procedure).toMatchObject({
      status: 'completed',
      code: {
        coding: [expect.objectContaining({ system: 'http://snomed.info/sct', code: '410606002' })],
        text: 'Knitting circle',
      },
      subject: { reference: task.for?.reference },
      performer: [{ actor: { display: 'Friendly Knitters' } }],
    });
    const goal = await read<Goal>(outputs[1] ?? '');
    expect(goal).toMatchObject({
      lifecycleStatus: 'completed',
      achievementStatus: { coding: [expect.objectContaining({ code: 'achieved' })] },
      description: { text: 'Get out of the house twice a week' },
    });
    const summary = await read<DocumentReference>(outputs[3] ?? '');
    const attachment = summary.content[0]?.attachment;
    expect(attachment?.language).toBe('en');
    const text = Buffer.from(attachment?.data ?? '', 'base64').toString('utf8');
    expect(text).toContain('Knitting circle (Friendly Knitters)');
    expect(text).toContain('Goals met');
  });

  it('none without that consent, nor once it is withdrawn: the outputs are not found', async () => {
    const plain = (await referByBundle(t, token, siteId)).Task ?? '';
    await workToTheEnd(plain);
    const withoutConsent = await readTask(plain);
    expect(withoutConsent.status).toBe('completed');
    expect(withoutConsent.output).toBeUndefined();
    expect((await readFhir(t, token, `DocumentReference/${plain}`)).statusCode).toBe(404);

    const made = await referWithUpdates();
    const caseId = made.Task ?? '';
    await workToTheEnd(caseId);
    const outputs = outputsOf(await readTask(caseId));
    expect(outputs).toHaveLength(4);
    await t.database.db
      .update(consents)
      .set({ withdrawnAt: new Date() })
      .where(eq(consents.id, made.Consent ?? ''));
    const after = await readTask(caseId);
    expect(after.output).toBeUndefined();
    for (const reference of outputs) {
      const response = await readFhir(t, token, reference);
      expect(response.statusCode, reference).toBe(404);
    }
  });

  it('the person withdrawing only the updates to the referrer hides the outputs and shows on the Consent', async () => {
    const made = await referWithUpdates();
    const caseId = made.Task ?? '';
    await workToTheEnd(caseId);
    expect(outputsOf(await readTask(caseId))).toHaveLength(4);
    const withdrawnAt = new Date();
    await t.database.db
      .update(consents)
      .set({ referrerUpdatesWithdrawnAt: withdrawnAt })
      .where(eq(consents.id, made.Consent ?? ''));

    expect((await readTask(caseId)).output).toBeUndefined();
    const consent = await read<Consent>(`Consent/${made.Consent ?? ''}`);
    expect(consent.status).toBe('active');
    expect(consent.meta?.versionId).toBe('2');
    expect(consent.provision?.provision).toEqual([
      {
        type: 'deny',
        period: { start: withdrawnAt.toISOString() },
        actor: [
          expect.objectContaining({
            reference: { reference: expect.stringMatching(/^PractitionerRole\//) },
          }),
        ],
      },
    ]);
    expect(validateFhirResource(consent)).toEqual([]);
  });
});
