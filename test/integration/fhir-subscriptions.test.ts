import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperationOutcome, Subscription, Task } from '@medplum/fhirtypes';
import { auditEvents, fhirDeliveries, fhirSubscriptions } from '../../src/server/db/schema';
import { claimDueDeliveries, markDeliverySent } from '../../src/server/features/systems';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { readFhir, referByBundle } from '../helpers/fhir-referral';
import { makeSystemKey, registerSystem, systemToken } from '../helpers/fhir-systems';
import { caseSteps } from '../helpers/case-steps';

/*
 * R4 Subscriptions (DESIGN.md §6): a referral source is told when the Tasks of its referrals
 * change, by a rest-hook to an endpoint of its own; here a real HTTP server on loopback
 * (FHIR_SUBSCRIPTION_LOOPBACK, as in development), driven by the notify and deliver jobs.
 */

const publicUrl = 'https://passerelle.example';
const tokenUrl = `${publicUrl}/oauth/token`;

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** An endpoint that records what it is sent; `down()` stops listening, `up()` listens again. */
class Receiver {
  readonly received: Received[] = [];
  private server: Server | undefined;
  port = 0;

  async up(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

let t: TestApp;
let siteId: string;
let linkWorker: Client;
const { accept } = caseSteps(() => linkWorker);
let token: string;
let otherToken: string;
const home = new Receiver();
const other = new Receiver();

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl, FHIR_SUBSCRIPTION_LOOPBACK: 'true' });
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  const otherSiteId = (await makeSite(db)).id;
  await home.up();
  await other.up();
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorker = await signedInClient(t.app, worker);
  const scopes = 'system/*.cruds';
  const key = await makeSystemKey();
  const system = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [key],
    allowedScopes: [scopes],
    endpointOrigins: [home.origin],
  });
  token = await systemToken(t, system, key, tokenUrl, scopes);
  const otherKey = await makeSystemKey();
  const otherSystem = await registerSystem(administrator, {
    siteIds: [otherSiteId],
    keys: [otherKey],
    allowedScopes: [scopes],
    endpointOrigins: [other.origin],
  });
  otherToken = await systemToken(t, otherSystem, otherKey, tokenUrl, scopes);
});
afterAll(async () => {
  await home.down();
  await other.down();
  await t.close();
});
beforeEach(async () => {
  // Each test starts with no subscription and nothing received.
  await t.database.db.delete(fhirSubscriptions);
  home.received.length = 0;
  other.received.length = 0;
});

function subscription(overrides: Record<string, unknown> = {}, channel = {}): object {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Follow our referrals',
    criteria: 'Task?status=accepted,in-progress,rejected,completed,cancelled',
    channel: {
      type: 'rest-hook',
      endpoint: `${home.origin}/fhir`,
      payload: 'application/fhir+json',
      header: ['Authorization: Bearer receiver-secret'],
      ...channel,
    },
    ...overrides,
  };
}

function post(
  body: object,
  as = token,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/fhir/R4/Subscription',
    headers: {
      authorization: `Bearer ${as}`,
      'content-type': 'application/fhir+json',
      ...headers,
    },
    payload: JSON.stringify(body),
  });
}

async function subscribe(overrides = {}, channel = {}, as = token): Promise<Subscription> {
  const response = await post(subscription(overrides, channel), as);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Subscription>();
}

async function notify(): Promise<void> {
  await t.runJob('systems.notify');
  await t.runJob('systems.deliver');
}

/** Makes the waiting deliveries due now, as if their retry delay had passed. */
async function retryDelayPasses(): Promise<void> {
  await t.database.db
    .update(fhirDeliveries)
    .set({ nextAttemptAt: sql`now()` })
    .where(eq(fhirDeliveries.status, 'pending'));
}

async function read(id: string, as = token): Promise<LightMyRequestResponse> {
  return readFhir(t, as, `Subscription/${id}`);
}

describe('a system told of its referrals’ Task changes (rest-hook)', () => {
  it('subscribes, and is sent the Task when a link worker accepts the case', async () => {
    const made = await subscribe();
    expect(made.status).toBe('active');
    expect(made.channel.header).toEqual(['Authorization: ***']);
    expect(validateFhirResource(made)).toEqual([]);
    const emptySubscription = await subscribe({}, { payload: undefined, header: undefined });

    const referral = await referByBundle(t, token, siteId);
    const caseId = referral.Task ?? '';
    await accept(caseId);
    await notify();

    const puts = home.received.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    const [put] = puts;
    expect(put?.url).toBe(`/fhir/Task/${caseId}`);
    expect(put?.headers.authorization).toBe('Bearer receiver-secret');
    expect(put?.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const task = JSON.parse(put?.body ?? '{}') as Task;
    expect(task).toMatchObject({ resourceType: 'Task', id: caseId, status: 'accepted' });
    expect(validateFhirResource(task)).toEqual([]);
    // The empty subscription: a POST with nothing in it, to the endpoint itself.
    const posts = home.received.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.url, r.body])).toEqual([['/fhir', '']]);
    expect(other.received).toEqual([]);

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.notified'), eq(auditEvents.subjectId, caseId)));
    expect(audited.map((row) => row.details?.subscriptionId).sort()).toEqual(
      [made.id, emptySubscription.id].sort(),
    );

    // Nothing changed since: nothing more is sent.
    await notify();
    expect(home.received).toHaveLength(2);
  });

  it('tells only of Tasks the criteria match', async () => {
    await subscribe({ criteria: 'Task?status=completed' });
    const referral = await referByBundle(t, token, siteId);
    await accept(referral.Task ?? '');
    await notify();
    expect(home.received).toEqual([]);
  });

  it('retries while the endpoint is down, shows the subscription in error, then delivers', async () => {
    const made = await subscribe();
    const referral = await referByBundle(t, token, siteId);
    const caseId = referral.Task ?? '';
    await home.down();
    try {
      await accept(caseId);
      await notify();
      await retryDelayPasses();
      await t.runJob('systems.deliver');
      const [pending] = await t.database.db
        .select()
        .from(fhirDeliveries)
        .where(eq(fhirDeliveries.caseId, caseId));
      expect(pending).toMatchObject({ status: 'pending', attempts: 2, lastError: 'ECONNREFUSED' });
      expect(pending?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
      const failing = (await read(made.id ?? '')).json<Subscription>();
      expect(failing.status).toBe('error');
      expect(failing.error).toContain('ECONNREFUSED');
      expect(validateFhirResource(failing)).toEqual([]);
    } finally {
      await home.up();
    }
    await retryDelayPasses();
    await t.runJob('systems.deliver');
    expect(home.received).toHaveLength(1);
    expect(JSON.parse(home.received[0]?.body ?? '{}')).toMatchObject({ status: 'accepted' });
    const healed = (await read(made.id ?? '')).json<Subscription>();
    expect(healed.status).toBe('active');
    expect(healed).not.toHaveProperty('error');
  });

  it('sends again a Task that changed while its notification was on its way', async () => {
    await subscribe();
    const referral = await referByBundle(t, token, siteId);
    const caseId = referral.Task ?? '';
    await accept(caseId);
    await t.runJob('systems.notify');
    // A sender took the delivery; the Task moves on before the endpoint answers.
    const [claimed] = await claimDueDeliveries(t.database.db, 10, 60_000);
    expect(claimed?.caseId).toBe(caseId);
    await t.database.db.execute(
      sql`update fhir_task_state set version_id = version_id + 1 where case_id = ${caseId}`,
    );
    await t.runJob('systems.notify');
    if (claimed) await markDeliverySent(t.database.db, claimed);
    await t.runJob('systems.deliver');
    expect(home.received).toHaveLength(1);
    const rows = await t.database.db
      .select()
      .from(fhirDeliveries)
      .where(eq(fhirDeliveries.caseId, caseId));
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([['sent', 2]]);
  });

  it('never tells a system of another system’s Task', async () => {
    const theirs = { endpoint: `${other.origin}/hook` };
    await subscribe({ criteria: 'Task?' }, theirs, otherToken);
    // Even naming the Task by id.
    const referral = await referByBundle(t, token, siteId);
    await subscribe({ criteria: `Task?_id=${referral.Task ?? ''}` }, theirs, otherToken);
    await subscribe();
    await accept(referral.Task ?? '');
    await notify();
    expect(home.received).toHaveLength(1);
    expect(other.received).toEqual([]);
  });

  it('stops telling once the subscription is deleted', async () => {
    const made = await subscribe();
    const referral = await referByBundle(t, token, siteId);
    const remove = () =>
      t.app.inject({
        method: 'DELETE',
        url: `/fhir/R4/Subscription/${made.id ?? ''}`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await remove()).statusCode).toBe(204);
    expect((await remove()).statusCode).toBe(404);
    expect((await read(made.id ?? '')).statusCode).toBe(404);
    await accept(referral.Task ?? '');
    await notify();
    expect(home.received).toEqual([]);
  });
});

function put(
  id: string,
  body: object,
  as = token,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'PUT',
    url: `/fhir/R4/Subscription/${id}`,
    headers: {
      authorization: `Bearer ${as}`,
      'content-type': 'application/fhir+json',
      ...headers,
    },
    payload: JSON.stringify(body),
  });
}

/** The subscription as a read shows it, with `change` made: what a system sends back. */
async function changed(made: Subscription, change: Partial<Subscription>): Promise<Subscription> {
  const response = await put(made.id ?? '', { ...made, ...change });
  expect(response.statusCode, response.body).toBe(200);
  const updated = response.json<Subscription>();
  expect(validateFhirResource(updated)).toEqual([]);
  return updated;
}

describe('changing a subscription (update)', () => {
  it('turned off, tells nothing, not even what was waiting; turned on again, tells again', async () => {
    const made = await subscribe();
    const waiting = await referByBundle(t, token, siteId);
    await accept(waiting.Task ?? '');
    // Queued for it, not yet sent.
    await t.runJob('systems.notify');

    const off = await changed(made, { status: 'off' });
    expect(off).toMatchObject({ status: 'off', meta: { versionId: '2' } });
    expect((await read(made.id ?? '')).json<Subscription>().status).toBe('off');
    const later = await referByBundle(t, token, siteId);
    await accept(later.Task ?? '');
    await notify();
    expect(home.received).toEqual([]);

    const on = await changed(off, { status: 'active' });
    expect(on).toMatchObject({ status: 'active', meta: { versionId: '3' } });
    const after = await referByBundle(t, token, siteId);
    await accept(after.Task ?? '');
    await notify();
    expect(home.received.map((r) => r.url)).toEqual([`/fhir/Task/${after.Task ?? ''}`]);

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'system.subscription_updated'));
    expect(
      audited
        .filter((row) => row.details?.subscriptionId === made.id)
        .map((row) => row.details?.status),
    ).toEqual(['off', 'active']);
  });

  it('changes its criteria and endpoint; a header sent back masked keeps its value', async () => {
    const made = await subscribe({ criteria: 'Task?status=completed' });
    expect(made.channel.header).toEqual(['Authorization: ***']);
    const updated = await changed(made, {
      criteria: 'Task?status=accepted',
      channel: { ...made.channel, endpoint: `${home.origin}/other-path` },
    });
    expect(updated).toMatchObject({
      criteria: 'Task?status=accepted',
      channel: { endpoint: `${home.origin}/other-path`, header: ['Authorization: ***'] },
    });
    const referral = await referByBundle(t, token, siteId);
    await accept(referral.Task ?? '');
    await notify();
    expect(home.received.map((r) => [r.url, r.headers.authorization])).toEqual([
      [`/other-path/Task/${referral.Task ?? ''}`, 'Bearer receiver-secret'],
    ]);
  });

  it('refuses a wrong id, a stale version, a masked header it does not hold, another system’s', async () => {
    const made = await subscribe();
    const id = made.id ?? '';
    const unchanged = async (): Promise<void> => {
      const now = (await read(id)).json<Subscription>();
      expect(now.meta?.versionId).toBe('1');
      expect(now.status).toBe('active');
    };
    const off = { ...made, status: 'off' };

    const wrongId = await put(id, { ...off, id: crypto.randomUUID() });
    expect(wrongId.statusCode, wrongId.body).toBe(400);
    expect(wrongId.json<OperationOutcome>().issue[0]?.expression).toEqual(['Subscription.id']);

    const stale = await put(id, off, token, { 'if-match': 'W/"7"' });
    expect(stale.statusCode, stale.body).toBe(412);
    expect(stale.json<OperationOutcome>().issue[0]?.diagnostics).toContain('version 1');

    const masked = await put(id, {
      ...off,
      channel: { ...made.channel, header: ['X-Api-Key: ***'] },
    });
    expect(masked.statusCode, masked.body).toBe(400);
    expect(masked.json<OperationOutcome>().issue[0]?.diagnostics).toContain('X-Api-Key');

    const status = await put(id, { ...made, status: 'entered-in-error' });
    expect(status.statusCode, status.body).toBe(400);

    const elsewhere = await put(id, {
      ...off,
      channel: { ...made.channel, endpoint: `${other.origin}/hook` },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(400);

    const theirs = await put(
      id,
      { ...off, channel: { ...made.channel, header: undefined } },
      otherToken,
    );
    expect(theirs.statusCode, theirs.body).toBe(404);
    await unchanged();

    const current = await put(id, off, token, { 'if-match': 'W/"1"' });
    expect(current.statusCode, current.body).toBe(200);
    expect(current.headers.etag).toBe('W/"2"');
  });
});

describe('reading and searching subscriptions', () => {
  it('finds its own, not another system’s', async () => {
    const mine = await subscribe();
    const theirs = await subscribe({}, { endpoint: `${other.origin}/hook` }, otherToken);
    const search = await readFhir(t, token, 'Subscription?status=active');
    expect(search.statusCode, search.body).toBe(200);
    const ids = (search.json<{ entry?: { resource: Subscription }[] }>().entry ?? []).map(
      (entry) => entry.resource.id,
    );
    expect(ids).toEqual([mine.id]);
    expect(validateFhirResource(search.json())).toEqual([]);
    expect((await read(mine.id ?? '')).json<Subscription>().criteria).toBe(mine.criteria);
    expect((await read(theirs.id ?? '')).statusCode).toBe(404);
  });
});

describe('what a subscription may ask', () => {
  async function refused(
    body: object,
    expression: string,
    headers: Record<string, string> = {},
  ): Promise<OperationOutcome> {
    const before = await t.database.db.$count(fhirSubscriptions);
    const response = await post(body, token, headers);
    expect(response.statusCode, response.body).toBe(400);
    const outcome = response.json<OperationOutcome>();
    expect(outcome.issue.flatMap((issue) => issue.expression ?? [])).toContain(expression);
    expect(await t.database.db.$count(fhirSubscriptions)).toBe(before);
    return outcome;
  }

  it('refuses criteria it cannot evaluate, naming the field, in the caller’s language', async () => {
    const outcome = await refused(
      subscription({ criteria: 'Task?code=fulfill' }),
      'Subscription.criteria',
      { 'accept-language': 'fr' },
    );
    expect(outcome.issue[0]?.diagnostics).toContain('code n’est pas accepté');
    await refused(subscription({ criteria: 'Patient?name=x' }), 'Subscription.criteria');
    await refused(subscription({ criteria: 'Task?status=nonsense' }), 'Subscription.criteria');
    await refused(subscription({ criteria: 'Task?owner=Organization/x' }), 'Subscription.criteria');
    await refused(
      subscription({ criteria: 'Task?status=accepted&status=completed' }),
      'Subscription.criteria',
    );
  });

  it('refuses another channel, payload or a header the request sets itself', async () => {
    await refused(subscription({}, { type: 'websocket' }), 'Subscription.channel.type');
    await refused(subscription({}, { payload: 'text/plain' }), 'Subscription.channel.payload');
    await refused(
      subscription({}, { header: ['Host: intranet.example'] }),
      'Subscription.channel.header[0]',
    );
    await refused(subscription({ status: 'off' }), 'Subscription.status');
  });

  it('refuses an endpoint that is not https, not registered, or private', async () => {
    const endpoint = (value: string) => subscription({}, { endpoint: value });
    await refused(endpoint('ftp://127.0.0.1/x'), 'Subscription.channel.endpoint');
    await refused(endpoint('http://93.184.216.34/hook'), 'Subscription.channel.endpoint');
    await refused(
      endpoint(`http://user:pw@127.0.0.1:${home.port}/`),
      'Subscription.channel.endpoint',
    );
    // A loopback origin this system did not register.
    await refused(endpoint(`http://127.0.0.2:${home.port}/`), 'Subscription.channel.endpoint');
    for (const address of [
      'https://10.1.2.3/hook',
      'https://172.16.0.1/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
    ]) {
      const outcome = await refused(endpoint(address), 'Subscription.channel.endpoint');
      expect(outcome.issue[0]?.diagnostics).toContain('private');
    }
  });
});
