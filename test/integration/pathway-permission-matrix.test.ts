import { isDeepStrictEqual } from 'node:util';
import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import {
  cases,
  connectionEvents,
  connections,
  contacts,
  followUps,
  safeguardingConcerns,
} from '../../src/server/db/schema';
import {
  makeAccount,
  makeCase,
  makeOrganisation,
  makePerson,
  makeSite,
} from '../helpers/factories';

/*
 * Who may do what on a person's record. Every pathway action gets a function in `actions`
 * and a row in `matrix`; each cell runs on a fresh case of the home site, made by the home
 * site's referrer, unless the action says otherwise. The last column is a link worker of
 * another site: they must not even learn the case exists (404).
 */

const callers = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
  'other_site_link_worker',
] as const;
type Caller = (typeof callers)[number];

type World = {
  t: TestApp;
  homeSiteId: string;
  otherSiteId: string;
  partnerOrganisationId: string;
  partnerSiteId: string;
  accountIds: Record<Caller, string>;
  clients: Record<Caller, Client>;
};
let world: World;

beforeAll(async () => {
  const t = await startTestApp();
  const db = t.database.db;
  const home = await makeSite(db);
  const other = await makeSite(db);
  const partner = await makeOrganisation(db, 'community_partner');
  const partnerSite = await makeSite(db, { organisationId: partner.id });
  const grants: Record<Caller, Parameters<typeof makeAccount>[1]> = {
    referrer: [{ role: 'referrer', siteId: home.id }],
    link_worker: [{ role: 'link_worker', siteId: home.id }],
    partner_staff: [{ role: 'partner_staff', siteId: partnerSite.id }],
    site_manager: [{ role: 'site_manager', siteId: home.id }],
    evaluator: [{ role: 'evaluator' }],
    administrator: [{ role: 'administrator' }],
    other_site_link_worker: [{ role: 'link_worker', siteId: other.id }],
  };
  const accountIds = {} as Record<Caller, string>;
  const clients = {} as Record<Caller, Client>;
  for (const caller of callers) {
    const account = await makeAccount(db, grants[caller]);
    const client = new Client(t.app);
    expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
    accountIds[caller] = account.id;
    clients[caller] = client;
  }
  world = {
    t,
    homeSiteId: home.id,
    otherSiteId: other.id,
    partnerOrganisationId: partner.id,
    partnerSiteId: partnerSite.id,
    accountIds,
    clients,
  };
});
afterAll(() => world.t.close());

type Outcome = { response: LightMyRequestResponse; changed?: boolean };
type Action = (caller: Client) => Promise<Outcome>;

/** A fresh case of the home site, referred by the home site's referrer. */
async function freshCase(): Promise<{ id: string; personId: string }> {
  return makeCase(world.t.database.db, world.homeSiteId, {
    referrerAccountId: world.accountIds.referrer,
  });
}

/** What the home site's link worker sees, to tell whether a write took effect. */
function linkWorkerRead(url: string): () => Promise<unknown> {
  return async () => (await world.clients.link_worker.get(url)).json<unknown>();
}

async function read(response: Promise<LightMyRequestResponse>): Promise<Outcome> {
  return { response: await response };
}

async function write(
  observe: () => Promise<unknown>,
  send: () => Promise<LightMyRequestResponse>,
): Promise<Outcome> {
  const before = await observe();
  const response = await send();
  return { response, changed: !isDeepStrictEqual(before, await observe()) };
}

/** Every pathway action. A new one gets a function here and a row in the matrix below. */
const actions: Record<string, Action> = {
  // outcomes: measurements of a case, and questionnaire links for the person
  'measurements.view': async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/measurements`)),
  'measurement.record': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/measurements`;
    return write(linkWorkerRead(url), () =>
      c.post(url, {
        instrumentId: 'ucla3',
        timepoint: 'baseline',
        takenOn: new Date().toISOString().slice(0, 10),
        answers: { companionship: 1, left_out: 2, isolated: 1 },
      }),
    );
  },
  'measurement_link.create': async (c) =>
    read(
      c.post(`/api/cases/${(await freshCase()).id}/measurement-links`, {
        instrumentIds: ['ucla3'],
        timepoint: 'baseline',
        sendByEmail: false,
      }),
    ),
  // plans: the assessment, the action plan and its reviews, follow-ups, the printout
  'assessment.view': async (c) => read(c.get(`/api/cases/${(await freshCase()).id}/assessment`)),
  'assessment.save': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/assessment`;
    return write(linkWorkerRead(url), () => c.request('PUT', url, { whatMatters: 'Music' }));
  },
  'plan.view': async (c) => read(c.get(`/api/cases/${(await freshCase()).id}/plan`)),
  'plan.save': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/plan`;
    const goals = [{ text: 'Sing again', steps: [{ text: 'Call the choir', owner: 'person' }] }];
    return write(linkWorkerRead(url), () => c.request('PUT', url, { goals }));
  },
  'plan.review': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/plan`;
    const body = { reviewedOn: '2026-01-05', notes: 'Going well' };
    return write(linkWorkerRead(url), () => c.post(`${url}/reviews`, body));
  },
  'plan.print': async (c) => read(c.get(`/api/cases/${(await freshCase()).id}/plan/print-view`)),
  'follow_ups.list': async (c) => read(c.get(`/api/cases/${(await freshCase()).id}/follow-ups`)),
  'follow_up.create': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/follow-ups`;
    return write(linkWorkerRead(url), () => c.post(url, { kind: 'call', dueOn: '2030-01-05' }));
  },
  'follow_up.update': async (c) => {
    const { id } = await freshCase();
    const [row] = await world.t.database.db
      .insert(followUps)
      .values({ caseId: id, kind: 'review', dueOn: '2030-01-05' })
      .returning({ id: followUps.id });
    return write(linkWorkerRead(`/api/cases/${id}/follow-ups`), () =>
      c.patch(`/api/follow-ups/${row?.id ?? ''}`, { done: true, version: 1 }),
    );
  },
  // referrals: referring, the referrer's view, duplicates
  'referral.create': (c) =>
    write(countCases, () => c.post('/api/referrals', referralBody({ siteId: world.homeSiteId }))),
  'referral.record_agency': (c) =>
    write(countCases, () =>
      c.post(
        '/api/referrals',
        referralBody({
          siteId: world.homeSiteId,
          source: 'agency',
          referrer: { name: 'Julie Roy', organisation: 'Food bank', contact: '819-555-0123' },
        }),
      ),
    ),
  'referrals.mine': (c) => read(c.get('/api/referrals/mine')),
  'referral.view': async (c) => read(c.get(`/api/referrals/${(await freshCase()).id}`)),
  'case.duplicate_view': async (c) =>
    read(c.get(`/api/cases/${(await caseWithDuplicate()).id}/duplicate`)),
  'case.merge_person': async (c) => {
    const { id } = await caseWithDuplicate();
    return write(caseRow(id), () =>
      c.post(`/api/cases/${id}/merge-person`, { keep: 'separate', version: 1 }),
    );
  },
  // cases: triage, caseload, the case record, contacts, status, safeguarding, re-referral
  'case.triage': (c) => read(c.get(`/api/cases/triage?siteId=${world.homeSiteId}`)),
  'case.caseload': (c) => read(c.get('/api/cases/caseload?assignee=all')),
  'case.view': async (c) => read(c.get(`/api/cases/${(await freshCase()).id}`)),
  'case.take': async (c) => {
    const { id } = await freshCase();
    return write(caseRow(id), () => c.post(`/api/cases/${id}/take`, { version: 1 }));
  },
  'case.assign': async (c) => {
    const { id } = await freshCase();
    const body = { accountId: world.accountIds.link_worker, version: 1 };
    return write(caseRow(id), () => c.post(`/api/cases/${id}/assign`, body));
  },
  'case.contact': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/contacts`;
    const body = { channel: 'phone', outcome: 'no_answer', occurredAt: new Date().toISOString() };
    return write(linkWorkerRead(url.replace('/contacts', '')), () => c.post(url, body));
  },
  'case.accept': async (c) => caseStatusChange(c, 'new', { to: 'active' }),
  'case.decline': async (c) => caseStatusChange(c, 'new', { to: 'declined', reason: 'other' }),
  'case.close_unreachable': async (c) => caseStatusChange(c, 'assigned', { to: 'unreachable' }),
  'case.discharge': async (c) =>
    caseStatusChange(c, 'active', { to: 'discharged', reason: 'goals_met' }),
  'case.safeguarding_raise': async (c) => {
    const { id } = await freshCase();
    const body = { level: 'concern', description: 'Seemed frightened' };
    return write(linkWorkerRead(`/api/cases/${id}`), () =>
      c.post(`/api/cases/${id}/safeguarding`, body),
    );
  },
  'case.safeguarding_acknowledge': async (c) => {
    const { id } = await freshCase();
    const [row] = await world.t.database.db
      .insert(safeguardingConcerns)
      .values({ caseId: id, level: 'urgent', description: 'Seemed frightened' })
      .returning({ id: safeguardingConcerns.id });
    const concern = async (): Promise<unknown> =>
      world.t.database.db
        .select()
        .from(safeguardingConcerns)
        .where(eq(safeguardingConcerns.caseId, id));
    return write(concern, () =>
      c.post(`/api/cases/${id}/safeguarding/${row?.id ?? ''}/acknowledge`),
    );
  },
  'case.re_refer': async (c) => {
    const { id } = await freshCase();
    await world.t.database.db
      .update(cases)
      .set({ status: 'declined', closedAt: new Date() })
      .where(eq(cases.id, id));
    const consent = {
      givenBy: 'person',
      givenAt: new Date().toISOString(),
      coversReferral: true,
      coversReferrerUpdates: false,
    };
    const body = { reasons: ['money'], urgency: 'routine', consent };
    return write(countCases, () => c.post(`/api/cases/${id}/re-refer`, body));
  },
  // connections: the link worker's loop, the partner's inbox and answers
  'connections.list': async (c) => read(c.get(`/api/cases/${(await freshCase()).id}/connections`)),
  'connection.propose': async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/connections`;
    const body = { organisationName: 'Choir', activity: 'Singing', personWants: 'Sing' };
    return write(linkWorkerRead(url), () => c.post(url, body));
  },
  'connection.send': async (c) => {
    const id = await freshConnection('proposed');
    return write(connectionRow(id), () =>
      c.post(`/api/connections/${id}/status`, { to: 'sent', version: 1 }),
    );
  },
  'partner.connections': (c) => read(c.get('/api/partner/connections')),
  'partner.connection_view': async (c) =>
    read(c.get(`/api/partner/connections/${await freshConnection('sent')}`)),
  'partner.connection_answer': async (c) => {
    const id = await freshConnection('sent');
    return write(connectionRow(id), () =>
      c.post(`/api/partner/connections/${id}/status`, { to: 'accepted', version: 1 }),
    );
  },
};

/** A connection of a fresh case to the partner organisation, in the given status. */
async function freshConnection(status: 'proposed' | 'sent'): Promise<string> {
  const { id: caseId } = await freshCase();
  const [row] = await world.t.database.db
    .insert(connections)
    .values({
      caseId,
      partnerOrganisationId: world.partnerOrganisationId,
      organisationName: 'Choir',
      activity: 'Singing',
      personWants: 'Sing',
      status,
    })
    .returning({ id: connections.id });
  if (!row) throw new Error('no connection');
  // Partners see a connection only once its history says it was sent to them.
  if (status === 'sent') {
    await world.t.database.db
      .insert(connectionEvents)
      .values({ connectionId: row.id, fromStatus: 'proposed', toStatus: 'sent', via: 'account' });
  }
  return row.id;
}

function connectionRow(id: string): () => Promise<unknown> {
  return async () =>
    (await world.t.database.db.select().from(connections).where(eq(connections.id, id)))[0];
}

/**
 * A status change on a fresh case put in the given status first (three failed attempts
 * made, so closing as unreachable is allowed).
 */
async function caseStatusChange(
  c: Client,
  from: 'new' | 'assigned' | 'active',
  body: Record<string, unknown>,
): Promise<Outcome> {
  const { id } = await freshCase();
  const db = world.t.database.db;
  if (from !== 'new') {
    await db
      .update(cases)
      .set({ status: from, assignedTo: world.accountIds.link_worker })
      .where(eq(cases.id, id));
  }
  for (let i = 0; i < 3; i += 1) {
    await db.insert(contacts).values({
      caseId: id,
      channel: 'phone',
      outcome: 'no_answer',
      occurredAt: new Date(Date.now() - (i + 1) * 60_000),
      recordedBy: world.accountIds.link_worker,
    });
  }
  return write(caseRow(id), () => c.post(`/api/cases/${id}/status`, { ...body, version: 1 }));
}

async function countCases(): Promise<number> {
  const [row] = await world.t.database.db.select({ n: count() }).from(cases);
  return row?.n ?? 0;
}

function caseRow(id: string): () => Promise<unknown> {
  return async () => (await world.t.database.db.select().from(cases).where(eq(cases.id, id)))[0];
}

function referralBody(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    person: {
      givenName: 'Marie',
      familyName: 'Gagnon',
      dateOfBirth: '1951-03-08',
      phone: '819-555-0199',
      preferredLanguage: 'fr',
      contactPreference: 'phone',
    },
    reasons: ['loneliness_isolation'],
    urgency: 'routine',
    consent: {
      givenBy: 'person',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      coversReferral: true,
      coversReferrerUpdates: true,
    },
    ...extra,
  };
}

/** A fresh case flagged as possibly the same person as an earlier record of the site. */
async function caseWithDuplicate(): Promise<{ id: string }> {
  const db = world.t.database.db;
  const earlier = await makePerson(db, world.homeSiteId);
  const { id } = await freshCase();
  await db.update(cases).set({ possibleDuplicateOfId: earlier.id }).where(eq(cases.id, id));
  return { id };
}
type ActionName = string;
type Row = readonly [number, number, number, number, number, number, number];

/** The expected status of every action for every caller. */
// prettier-ignore
const matrix: Record<ActionName, Row> = {
  //                         referrer link_worker partner_staff site_manager evaluator administrator other_site_lw
  'measurements.view':          [403,     200,        403,          200,         403,      403,          404],
  'measurement.record':         [403,     201,        403,          201,         403,      403,          404],
  'measurement_link.create':    [403,     201,        403,          201,         403,      403,          404],
  'assessment.view':            [403,     200,        403,          200,         403,      403,          404],
  'assessment.save':            [403,     200,        403,          200,         403,      403,          404],
  'plan.view':                  [403,     200,        403,          200,         403,      403,          404],
  'plan.save':                  [403,     200,        403,          200,         403,      403,          404],
  'plan.review':                [403,     201,        403,          201,         403,      403,          404],
  'plan.print':                 [403,     200,        403,          200,         403,      403,          404],
  'follow_ups.list':            [403,     200,        403,          200,         403,      403,          404],
  'follow_up.create':           [403,     201,        403,          201,         403,      403,          404],
  'follow_up.update':           [403,     200,        403,          200,         403,      403,          404],
  'referral.create':            [201,     403,        403,          403,         403,      403,          403],
  'referral.record_agency':     [403,     201,        403,          201,         403,      403,          403],
  'referrals.mine':             [200,     403,        403,          403,         403,      403,          403],
  'referral.view':              [200,     403,        403,          403,         403,      403,          403],
  'case.duplicate_view':        [403,     200,        403,          200,         403,      403,          404],
  'case.merge_person':          [403,     200,        403,          200,         403,      403,          404],
  'case.triage':                [403,     200,        403,          200,         403,      403,          404],
  'case.caseload':              [403,     200,        403,          200,         403,      403,          200],
  'case.view':                  [403,     200,        403,          200,         403,      403,          404],
  'case.take':                  [403,     200,        403,          403,         403,      403,          404],
  'case.assign':                [403,     403,        403,          200,         403,      403,          404],
  'case.contact':               [403,     201,        403,          201,         403,      403,          404],
  'case.accept':                [403,     200,        403,          200,         403,      403,          404],
  'case.decline':               [403,     200,        403,          200,         403,      403,          404],
  'case.close_unreachable':     [403,     200,        403,          200,         403,      403,          404],
  'case.discharge':             [403,     200,        403,          200,         403,      403,          404],
  'case.safeguarding_raise':    [403,     201,        403,          201,         403,      403,          404],
  'case.safeguarding_acknowledge': [403,  403,        403,          200,         403,      403,          404],
  'case.re_refer':              [403,     201,        403,          201,         403,      403,          404],
  'connections.list':           [403,     200,        403,          200,         403,      403,          404],
  'connection.propose':         [403,     201,        403,          201,         403,      403,          404],
  'connection.send':            [403,     200,        403,          200,         403,      403,          404],
  'partner.connections':        [403,     403,        200,          403,         403,      403,          403],
  'partner.connection_view':    [403,     403,        200,          403,         403,      403,          403],
  'partner.connection_answer':  [403,     403,        200,          403,         403,      403,          403],
};

const actionNames = Object.keys(actions);

function actionOf(name: ActionName): Action {
  const action = actions[name];
  if (!action) throw new Error(`no action named ${name}`);
  return action;
}

function expectOutcome(outcome: Outcome, status: number): void {
  const { response, changed } = outcome;
  expect(response.statusCode).toBe(status);
  if (status === 401) expect(errorOf(response).code).toBe('unauthenticated');
  if (status === 403) expect(errorOf(response).code).toBe('forbidden');
  if (status === 404) expect(errorOf(response).code).toBe('not_found');
  if (changed !== undefined) expect(changed).toBe(status < 300);
}

const cells = actionNames.flatMap((action) =>
  callers.map((caller, index) => ({ action, caller, status: matrix[action]?.[index] ?? 0 })),
);

describe('the pathway permission matrix', () => {
  it('has a row for every action', () => {
    expect(Object.keys(matrix).sort()).toEqual([...actionNames].sort());
  });

  it.each(cells)('$action as $caller: $status', async ({ action, caller, status }) => {
    expectOutcome(await actionOf(action)(world.clients[caller]), status);
  });

  it.each(actionNames)('%s is refused to an anonymous caller with 401', async (action) => {
    expectOutcome(await actionOf(action)(new Client(world.t.app)), 401);
  });
});
