import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MedplumClient, OperationOutcomeError, type ResourceArray } from '@medplum/core';
import type { Bundle, Resource, Task } from '@medplum/fhirtypes';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import type { FhirClient } from '../../src/shared/contracts/systems';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { caseSteps } from '../helpers/case-steps';
import { makeAccount, makeSite } from '../helpers/factories';
import {
  type TransactionBundle,
  exampleReferralBundle,
  permitReferrerUpdates,
} from '../helpers/fhir-referral';
import {
  type SystemKey,
  jwtBearer,
  makeSystemKey,
  registerSystem,
  signAssertion,
} from '../helpers/fhir-systems';

/*
 * The whole closed loop driven by an external FHIR client library (issue 15): @medplum/core's
 * MedplumClient, over real HTTP to the app listening on a port, authenticates as a SMART
 * Backend Services client, posts the referral Bundle, polls its Task as a link worker works
 * the case, and reads the Task's outputs.
 */

let t: TestApp;
let baseUrl: string;
let siteId: string;
let linkWorker: Client;
const { take, moveCase, connect, attend, agreePlan } = caseSteps(() => linkWorker);
let system: FhirClient;
let key: SystemKey;

const scope = 'system/*.crs';

/** A port free now, so PUBLIC_URL (the token audience, the paging links' base) can name it. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  t = await startTestApp({ PUBLIC_URL: baseUrl });
  await t.app.listen({ port, host: '127.0.0.1' });
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorker = await signedInClient(t.app, worker);
  key = await makeSystemKey();
  system = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [key],
    allowedScopes: [scope],
  });
});
afterAll(async () => {
  await t.close();
});

/**
 * A MedplumClient pointed at our base URL, with a token from our token endpoint.
 * MedplumClient's own assertion login (startJwtAssertionLogin) sends no `scope`, which SMART
 * Backend Services requires and our endpoint refuses; so the token request is the client's
 * own form, and MedplumClient is handed the token.
 */
async function connectedClient(): Promise<MedplumClient> {
  const medplum = new MedplumClient({
    baseUrl,
    fhirUrlPath: 'fhir/R4',
    tokenUrl: `${baseUrl}/oauth/token`,
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
  });
  const assertion = await signAssertion(system.id, key, medplum.getTokenUrl());
  const response = await fetch(medplum.getTokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: jwtBearer,
      client_assertion: assertion,
      scope,
    }),
  });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { access_token: string; scope: string };
  expect(answer.scope).toBe(scope);
  medplum.setAccessToken(answer.access_token);
  return medplum;
}

/** The example referral as the EHR sends it, with a consent that lets it hear the outcome. */
function referral(): Bundle {
  const bundle: TransactionBundle = exampleReferralBundle(siteId);
  bundle.identifier = { system: 'https://ehr.example/bundles', value: crypto.randomUUID() };
  permitReferrerUpdates(bundle);
  return bundle as Bundle;
}

function idIn(location: string | undefined, type: string): string {
  const id = new RegExp(`^${type}/([^/]+)/_history/\\d+$`).exec(location ?? '')?.[1];
  if (!id) throw new Error(`no ${type} in ${location ?? ''}`);
  return id;
}

function valid<T extends Resource>(resources: T[]): T[] {
  for (const resource of resources) expect(validateFhirResource(resource)).toEqual([]);
  return resources;
}

function matches(bundle: Bundle): Task[] {
  return (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode === 'match')
    .map((entry) => entry.resource as Task);
}

type Seen = { status: string; business: string };

function seen(task: Task): Seen {
  return { status: task.status, business: task.businessStatus?.coding?.[0]?.code ?? '' };
}

describe('an EHR drives the referral loop with MedplumClient', () => {
  it('refers, follows the Task as the link worker works the case, and reads the outcome', async () => {
    const medplum = await connectedClient();
    const sent = referral();

    const answer = await medplum.executeBatch(sent);
    expect(answer.type).toBe('transaction-response');
    const locations = (answer.entry ?? []).map((entry) => entry.response?.location);
    const typeAt = (index: number): string => sent.entry?.[index]?.resource?.resourceType ?? '';
    const taskIndex = (sent.entry ?? []).findIndex((e) => e.resource?.resourceType === 'Task');
    const patientIndex = (sent.entry ?? []).findIndex(
      (e) => e.resource?.resourceType === 'Patient',
    );
    const taskId = idIn(locations[taskIndex], typeAt(taskIndex));
    const patientId = idIn(locations[patientIndex], 'Patient');

    // The same Bundle again makes no second referral.
    const again = await medplum.executeBatch(sent);
    expect((again.entry ?? []).map((entry) => entry.response?.location)).toEqual(locations);

    // Its Task, with the ServiceRequest it fulfils, found by the person.
    const found = await medplum.searchResources('Task', {
      patient: `Patient/${patientId}`,
      _include: 'Task:focus',
    });
    valid([found.bundle]);
    // MedplumClient's array holds the included resources too: the matches are the Tasks.
    const tasks = matches(found.bundle);
    expect(tasks.map((match) => match.id)).toEqual([taskId]);
    const [task] = tasks;
    expect(task && seen(task)).toEqual({ status: 'requested', business: 'received' });
    const included = (found.bundle.entry ?? [])
      .filter((entry) => entry.search?.mode === 'include')
      .map((entry): Resource | undefined => entry.resource);
    expect(included.map((r) => `${r?.resourceType ?? ''}/${r?.id ?? ''}`)).toEqual([
      task?.focus?.reference,
    ]);

    // Polled as the guide's checking_task_status says: what changed since the time the last
    // answer gave (its Bundle.meta.lastUpdated).
    let since = found.bundle.meta?.lastUpdated ?? '';
    const changes = async (): Promise<ResourceArray<Task>> => {
      const page = await medplum.searchResources('Task', { _lastUpdated: `gt${since}` });
      valid([page.bundle, ...page]);
      since = page.bundle.meta?.lastUpdated ?? '';
      return page;
    };
    expect(await changes()).toHaveLength(0);
    const steps: [string, () => Promise<unknown>, Seen][] = [
      ['taken', () => take(taskId), { status: 'requested', business: 'assigned' }],
      [
        'accepted',
        () => moveCase(taskId, { to: 'active' }),
        { status: 'accepted', business: 'accepted' },
      ],
      [
        'connected',
        async () => {
          await agreePlan(taskId, ['Get out of the house twice a week']);
          await attend(await connect(taskId));
        },
        { status: 'in-progress', business: 'connected' },
      ],
      [
        'discharged',
        () => moveCase(taskId, { to: 'discharged', reason: 'goals_met' }),
        { status: 'completed', business: 'discharged' },
      ],
    ];
    let last: Task | undefined;
    for (const [step, work, expected] of steps) {
      await work();
      const page = await changes();
      expect(
        page.map((changed) => ({ id: changed.id, ...seen(changed) })),
        step,
      ).toEqual([{ id: taskId, ...expected }]);
      last = page[0];
      expect(await changes(), `${step}, polled again`).toHaveLength(0);
    }

    // The outcome: each Task.output read by its reference.
    const references = (last?.output ?? []).map((output) => output.valueReference ?? {});
    expect(references.map((reference) => reference.reference?.split('/')[0])).toEqual([
      'Procedure',
      'Goal',
      'DocumentReference',
    ]);
    const outputs = valid(
      await Promise.all(references.map((reference) => medplum.readReference(reference))),
    );
    expect(outputs.map((output) => output.resourceType)).toEqual([
      'Procedure',
      'Goal',
      'DocumentReference',
    ]);
    expect(outputs[0]).toMatchObject({ status: 'completed', code: { text: 'Knitting circle' } });
    expect(outputs[1]).toMatchObject({
      lifecycleStatus: 'completed',
      description: { text: 'Get out of the house twice a week' },
    });
    const summary = outputs[2];
    const data =
      summary?.resourceType === 'DocumentReference' ? summary.content[0]?.attachment.data : '';
    expect(Buffer.from(data ?? '', 'base64').toString('utf8')).toContain('Goals met');
  });

  it('pages through the Tasks by the next links, and hears a 404 as an OperationOutcome', async () => {
    const medplum = await connectedClient();
    const start = (await medplum.search('Task', { _count: '1' })).meta?.lastUpdated ?? '';
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await medplum.executeBatch(referral());
      const task = (answer.entry ?? []).find((entry) =>
        entry.response?.location?.startsWith('Task/'),
      );
      made.push(idIn(task?.response?.location, 'Task'));
    }
    const pages: string[][] = [];
    for await (const page of medplum.searchResourcePages('Task', {
      _lastUpdated: `gt${start}`,
      _count: '2',
    })) {
      pages.push(matches(page.bundle).map((task) => task.id ?? ''));
    }
    expect(pages).toEqual([made.slice(0, 2), made.slice(2)]);

    const missing = await medplum.readResource('Task', crypto.randomUUID()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(OperationOutcomeError);
    expect(missing instanceof OperationOutcomeError && missing.outcome.issue[0]?.code).toBe(
      'not-found',
    );
  });
});
