import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, OperationOutcome, ServiceRequest, Task } from '@medplum/fhirtypes';
import { auditEvents, cases } from '../../src/server/db/schema';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import type { FhirClient } from '../../src/shared/contracts/systems';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { readFhir, referByBundle } from '../helpers/fhir-referral';
import {
  type SystemKey,
  makeSystemKey,
  registerSystem,
  systemToken,
} from '../helpers/fhir-systems';
import { caseSteps } from '../helpers/case-steps';

/*
 * GET /fhir/R4/Task (DESIGN.md §4): a referral source finds and polls the Tasks of the
 * referrals it made, and only those, as the guide's checking_task_status describes.
 */

const publicUrl = 'https://passerelle.example';
const base = `${publicUrl}/fhir/R4`;
const tokenUrl = `${publicUrl}/oauth/token`;

let t: TestApp;
let siteId: string;
let otherSiteId: string;
let linkWorker: Client;
const { accept } = caseSteps(() => linkWorker);
let administrator: Client;
let system: FhirClient;
let key: SystemKey;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  otherSiteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  administrator = await signedInClient(t.app, admin);
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorker = await signedInClient(t.app, worker);
  key = await makeSystemKey();
  system = await registerSystem(administrator, {
    siteIds: [siteId, otherSiteId],
    keys: [key],
    allowedScopes: ['system/*.crs'],
  });
  token = await systemToken(t, system, key, tokenUrl, 'system/*.crs');
});
afterAll(async () => {
  await t.close();
});

async function search(
  query: string,
  options: { expected?: number; headers?: Record<string, string>; as?: string } = {},
): Promise<Bundle> {
  const response = await readFhir(t, options.as ?? token, `Task?${query}`, options.headers);
  expect(response.statusCode, response.body).toBe(options.expected ?? 200);
  expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  const body = response.json<Bundle>();
  expect(validateFhirResource(body)).toEqual([]);
  return body;
}

function taskIds(bundle: Bundle): string[] {
  return (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode === 'match')
    .map((entry) => (entry.resource as Task).id ?? '');
}

function linkOf(bundle: Bundle, relation: string): string | undefined {
  return bundle.link?.find((link) => link.relation === relation)?.url;
}

/** The part of one of our links that readFhir takes. */
function relative(url: string): string {
  return url.slice(`${base}/`.length);
}

describe('GET Task: the Tasks of the referrals a system made', () => {
  it('finds a person’s Task with the ServiceRequest it fulfils (_include=Task:focus)', async () => {
    const made = await referByBundle(t, token, siteId);
    const bundle = await search(`patient=Patient/${made.Patient ?? ''}&_include=Task:focus`);
    expect(bundle.type).toBe('searchset');
    expect(taskIds(bundle)).toEqual([made.Task]);
    const [match, include] = bundle.entry ?? [];
    expect(match?.fullUrl).toBe(`${base}/Task/${made.Task ?? ''}`);
    expect(match?.resource).toMatchObject({
      status: 'requested',
      owner: { reference: `Organization/site-${siteId}` },
    });
    expect(include?.search?.mode).toBe('include');
    expect((include?.resource as ServiceRequest).id).toBe(made.ServiceRequest);
    expect(linkOf(bundle, 'self')).toBe(
      `${base}/Task?patient=${encodeURIComponent(`Patient/${made.Patient ?? ''}`)}&_include=${encodeURIComponent('Task:focus')}`,
    );
    // Absolute references and the subject parameter name the same person.
    const absolute = await search(
      `subject=${encodeURIComponent(`${base}/Patient/${made.Patient ?? ''}`)}`,
    );
    expect(taskIds(absolute)).toEqual([made.Task]);
  });

  it('filters by status (the Task’s, as a read shows it), by owner and by _id', async () => {
    const waiting = await referByBundle(t, token, otherSiteId);
    const accepted = await referByBundle(t, token, siteId);
    await accept(accepted.Task ?? '');
    const ids = `_id=${waiting.Task ?? ''},${accepted.Task ?? ''}`;
    expect(taskIds(await search(`${ids}&status=accepted`))).toEqual([accepted.Task]);
    expect(taskIds(await search(`${ids}&status=requested`))).toEqual([waiting.Task]);
    expect(taskIds(await search(`${ids}&status=requested,accepted`)).toSorted()).toEqual(
      [waiting.Task, accepted.Task].toSorted(),
    );
    expect(taskIds(await search(`${ids}&status=http://hl7.org/fhir/task-status|accepted`))).toEqual(
      [accepted.Task],
    );
    // A status the platform never gives finds nothing.
    expect(taskIds(await search(`${ids}&status=on-hold`))).toEqual([]);
    expect(taskIds(await search(`${ids}&owner=Organization/site-${otherSiteId}`))).toEqual([
      waiting.Task,
    ]);
    expect(taskIds(await search(`${ids}&owner=Organization/${otherSiteId}`))).toEqual([]);
  });

  it('filters by requester, the reference the Task was sent with', async () => {
    const made = await referByBundle(t, token, siteId);
    const requester = `PractitionerRole/${made.PractitionerRole ?? ''}`;
    expect(taskIds(await search(`_id=${made.Task ?? ''}&requester=${requester}`))).toEqual([
      made.Task,
    ]);
    expect(
      taskIds(
        await search(`_id=${made.Task ?? ''}&requester=PractitionerRole/${made.Patient ?? ''}`),
      ),
    ).toEqual([]);
  });

  it('pages with _count and next links, each Task once, oldest change first', async () => {
    const start = (await search('_count=1')).meta?.lastUpdated ?? '';
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push((await referByBundle(t, token, siteId)).Task);
    const seen: string[] = [];
    let page = await search(`_lastUpdated=gt${start}&_count=2`);
    for (let pages = 1; ; pages += 1) {
      expect(taskIds(page).length).toBeLessThanOrEqual(2);
      seen.push(...taskIds(page));
      const next = linkOf(page, 'next');
      if (!next) {
        expect(pages).toBe(3);
        break;
      }
      expect(next).toContain('_count=2');
      page = await search(relative(next));
    }
    expect(seen).toEqual(made);
  });

  it('polls: what changed since the last answer’s time, as staff work the case', async () => {
    const quiet = await referByBundle(t, token, siteId);
    const busy = await referByBundle(t, token, siteId);
    const first = await search(`_lastUpdated=gt2020-01-01`);
    expect(taskIds(first)).toEqual(expect.arrayContaining([quiet.Task, busy.Task]));
    const since = first.meta?.lastUpdated ?? '';
    expect(taskIds(await search(`_lastUpdated=gt${since}`))).toEqual([]);
    await accept(busy.Task ?? '');
    const changed = await search(`_lastUpdated=gt${since}`);
    expect(taskIds(changed)).toEqual([busy.Task]);
    expect((changed.entry?.[0]?.resource as Task).status).toBe('accepted');
  });

  it('misses no change committed after the answer it polls from (watermark)', async () => {
    const made = await referByBundle(t, token, siteId);
    const caseId = made.Task ?? '';
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = (): void => undefined;
    const writing = new Promise<void>((resolve) => {
      started = resolve;
    });
    // A staff change whose transaction is still open while the system polls.
    const change = t.database.db.transaction(async (tx) => {
      await tx.update(cases).set({ status: 'assigned' }).where(eq(cases.id, caseId));
      started();
      await held;
    });
    await writing;
    const during = await search(`_id=${caseId}`);
    expect((during.entry?.[0]?.resource as Task).status).toBe('requested');
    const since = during.meta?.lastUpdated ?? '';
    release();
    await change;
    const after = await search(`_lastUpdated=gt${since}&_id=${caseId}`);
    expect(taskIds(after)).toEqual([caseId]);
  });

  it('shows no other system’s Tasks, and none at a site the system no longer refers to', async () => {
    const mine = await referByBundle(t, token, siteId);
    const otherKey = await makeSystemKey();
    const other = await registerSystem(administrator, {
      siteIds: [siteId],
      keys: [otherKey],
      allowedScopes: ['system/*.crs'],
    });
    const otherToken = await systemToken(t, other, otherKey, tokenUrl, 'system/*.crs');
    const theirs = await referByBundle(t, otherToken, siteId);
    expect(taskIds(await search(`_id=${mine.Task ?? ''},${theirs.Task ?? ''}`))).toEqual([
      mine.Task,
    ]);
    expect(taskIds(await search(`patient=${theirs.Patient ?? ''}`, { as: token }))).toEqual([]);
    // The other system's grant at the site is taken away: its Tasks there are gone from its searches.
    const changed = await administrator.patch(`/api/admin/systems/${other.id}`, {
      siteIds: [otherSiteId],
      version: other.version,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const again = await systemToken(t, other, otherKey, tokenUrl, 'system/*.crs');
    expect(taskIds(await search(`_id=${theirs.Task ?? ''}`, { as: again }))).toEqual([]);
  });

  it('needs system/Task.s, and system/ServiceRequest.r to include the focus', async () => {
    const readOnly = await systemToken(t, system, key, tokenUrl, 'system/Task.r');
    await search('_count=1', { expected: 403, as: readOnly });
    const searchOnly = await systemToken(t, system, key, tokenUrl, 'system/Task.s');
    await search('_count=1', { as: searchOnly });
    await search('_count=1&_include=Task:focus', { expected: 403, as: searchOnly });
  });

  it('audits each Task it returns as read by the system, with how it was found', async () => {
    const made = await referByBundle(t, token, siteId);
    await search(`_id=${made.Task ?? ''}`);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'referral.viewed'), eq(auditEvents.subjectId, made.Task ?? '')),
      );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: system.accountId,
      siteId,
      details: expect.objectContaining({ via: 'fhir', resourceType: 'Task', search: true }),
    });
  });
});

describe('GET Task with parameters it does not take', () => {
  function issuesOf(bundle: Bundle | OperationOutcome): string[] {
    const outcome =
      bundle.resourceType === 'OperationOutcome'
        ? bundle
        : (bundle.entry?.find((entry) => entry.search?.mode === 'outcome')?.resource as
            OperationOutcome | undefined);
    return (outcome?.issue ?? []).map((issue) => `${issue.severity}: ${issue.diagnostics ?? ''}`);
  }

  it('ignores an unknown one and says so, and refuses it under Prefer: handling=strict', async () => {
    const made = await referByBundle(t, token, siteId);
    const lenient = await search(`_id=${made.Task ?? ''}&performer=x&_include=Task:owner`);
    expect(taskIds(lenient)).toEqual([made.Task]);
    expect(issuesOf(lenient)).toEqual([
      'warning: The search parameter performer is not supported for Task: it was ignored.',
      'warning: The search parameter _include=Task:owner is not supported for Task: it was ignored.',
    ]);
    expect(linkOf(lenient, 'self')).toBe(`${base}/Task?_id=${made.Task ?? ''}`);
    const strict = await readFhir(t, token, `Task?_id=${made.Task ?? ''}&performer=x`, {
      prefer: 'handling=strict',
      'accept-language': 'fr',
    });
    expect(strict.statusCode).toBe(400);
    expect(issuesOf(strict.json<OperationOutcome>())).toEqual([
      'error: Le paramètre de recherche performer n’est pas pris en charge pour Task.',
    ]);
  });

  it('refuses values that do not parse (400), in the caller’s language', async () => {
    for (const query of [
      '_lastUpdated=gt2026-02-30',
      '_lastUpdated=2026-13',
      '_lastUpdated=sometime',
      '_lastUpdated=ne2026-01-01',
      'status=finished',
      'status=http://example.org|accepted',
      '_count=-1',
      '_count=many',
      '_count=1&_count=2',
      '_cursor=not-ours',
    ]) {
      const response = await readFhir(t, token, `Task?${query}`);
      expect(response.statusCode, query).toBe(400);
      const outcome = response.json<OperationOutcome>();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(issuesOf(outcome)[0], query).toMatch(/^error: The (value of the )?search parameter/);
    }
  });
});
