import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { actionPlans, connections } from '../../src/server/db/schema';
import { startTestApp, type TestApp } from '../helpers/app';
import { makeOrganisation, makeSite } from '../helpers/factories';
import {
  actionsOf,
  Caller,
  expectCoverage,
  expectOutcome,
  type Grants,
  read,
  runAs,
} from '../helpers/permission-matrix';
import { personMatrix } from './permission-routes';

/*
 * Who may use a person's own space (features/person-space): only the person, signed in by
 * their emailed link, and only their own record. Every staff role, at the person's own site
 * or not, is refused there as not signed in: the space reads no staff session. Another
 * person of the same site reaches their own session but not this person's plan.
 */

const callers = [
  'person',
  'other_person',
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
] as const;
type CallerName = (typeof callers)[number];

let t: TestApp;
let homeCaseId: string;
const stepId = randomUUID();
const connectionId = randomUUID();
const clients = new Map<CallerName, Caller>();

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const home = await makeSite(db);
  const partner = await makeOrganisation(db, 'community_partner');
  const partnerSite = await makeSite(db, { organisationId: partner.id });
  const grants: Record<Exclude<CallerName, 'person' | 'other_person'>, Grants> = {
    referrer: [{ role: 'referrer', siteId: home.id }],
    link_worker: [{ role: 'link_worker', siteId: home.id }],
    partner_staff: [{ role: 'partner_staff', siteId: partnerSite.id }],
    site_manager: [{ role: 'site_manager', siteId: home.id }],
    evaluator: [{ role: 'evaluator' }],
    administrator: [{ role: 'administrator' }],
  };
  const person = await Caller.person(t, home.id);
  homeCaseId = person.personCaseId ?? '';
  await db.insert(actionPlans).values({
    caseId: homeCaseId,
    goals: [
      {
        id: randomUUID(),
        text: 'Marcher avec d’autres',
        steps: [
          { id: stepId, text: 'Appeler le club', owner: 'person', dueOn: null, doneAt: null },
        ],
      },
    ],
  });
  await db.insert(connections).values({
    id: connectionId,
    caseId: homeCaseId,
    organisationName: 'Club de marche',
    activity: 'Marche du mardi',
    status: 'proposed',
  });
  clients.set('person', person);
  clients.set('other_person', await Caller.person(t, home.id));
  for (const [caller, granted] of Object.entries(grants))
    clients.set(caller as CallerName, await Caller.signedIn(t, granted));
});
afterAll(() => t.close());

function clientOf(caller: CallerName): Caller {
  const client = clients.get(caller);
  if (!client) throw new Error(`no client for ${caller}`);
  return client;
}

const on = actionsOf(personMatrix);

const actions = {
  'session.read': on('GET /api/person/session', (c) => read(c.get('/api/person/session'))),
  'plan.read': on('GET /api/person/cases/{caseId}/plan', (c) =>
    read(c.get(`/api/person/cases/${homeCaseId}/plan`)),
  ),
  // Done once, it stays done: every caller asks the same of the same step.
  'step.done': on('POST /api/person/cases/{caseId}/plan/steps/{stepId}/done', (c) =>
    read(c.post(`/api/person/cases/${homeCaseId}/plan/steps/${stepId}/done`)),
  ),
  'note.add': on('POST /api/person/cases/{caseId}/notes', (c) =>
    read(c.post(`/api/person/cases/${homeCaseId}/notes`, { body: 'Merci pour le club.' })),
  ),
  'activities.read': on('GET /api/person/cases/{caseId}/activities', (c) =>
    read(c.get(`/api/person/cases/${homeCaseId}/activities`)),
  ),
  // "I'd like something else" moves nothing: every caller may ask it again.
  'activity.say': on('POST /api/person/cases/{caseId}/activities/{connectionId}/said', (c) =>
    read(
      c.post(`/api/person/cases/${homeCaseId}/activities/${connectionId}/said`, {
        said: 'something_else',
      }),
    ),
  ),
  'questionnaires.read': on('GET /api/person/cases/{caseId}/questionnaires', (c) =>
    read(c.get(`/api/person/cases/${homeCaseId}/questionnaires`)),
  ),
  // The baseline's ONS4 answered once: no longer due, so every later caller is refused.
  'questionnaire.answer': on(
    'POST /api/person/cases/{caseId}/questionnaires/{timepoint}/answers',
    (c) =>
      read(
        c.post(`/api/person/cases/${homeCaseId}/questionnaires/baseline/answers`, {
          answers: { ons4: { satisfied: 7 } },
        }),
      ),
  ),
  // Their own record, whoever they are: no case in the address.
  'accesses.read': on('GET /api/person/record-accesses', (c) =>
    read(c.get('/api/person/record-accesses')),
  ),
  'consents.read': on('GET /api/person/consents', (c) => read(c.get('/api/person/consents'))),
  'consent.withdraw': on('POST /api/person/consents/withdrawals', (c) =>
    read(c.post('/api/person/consents/withdrawals', { scope: 'partner_sharing' })),
  ),
  'language.set': on('PUT /api/person/language', (c) =>
    read(c.request('PUT', '/api/person/language', { locale: 'en' })),
  ),
  'requests.read': on('GET /api/person/cases/{caseId}/requests', (c) =>
    read(c.get(`/api/person/cases/${homeCaseId}/requests`)),
  ),
  'request.add': on('POST /api/person/cases/{caseId}/requests', (c) =>
    read(
      c.post(`/api/person/cases/${homeCaseId}/requests`, {
        kind: 'correction',
        body: 'Mon adresse a changé.',
      }),
    ),
  ),
  'record.export': on('GET /api/person/record', (c) => read(c.get('/api/person/record'))),
  // Signing out ends the session: a session of its own each time.
  sign_out: on('POST /api/person/sign-out', async (c) =>
    read((await c.another()).post('/api/person/sign-out')),
  ),
};
type ActionName = keyof typeof actions;

// prettier-ignore
const matrix: Record<ActionName, Readonly<Record<CallerName, number>>> = {
  'session.read': { person: 200, other_person: 200, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'plan.read':    { person: 200, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'step.done':    { person: 200, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'note.add':     { person: 201, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'activities.read': { person: 200, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'activity.say':   { person: 200, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'questionnaires.read': { person: 200, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'questionnaire.answer': { person: 201, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'accesses.read':  { person: 200, other_person: 200, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'consents.read':  { person: 200, other_person: 200, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'consent.withdraw': { person: 200, other_person: 200, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'language.set':   { person: 204, other_person: 204, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'requests.read':  { person: 200, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'request.add':    { person: 201, other_person: 404, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  'record.export': { person: 200, other_person: 200, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
  sign_out:       { person: 204, other_person: 204, referrer: 401, link_worker: 401, partner_staff: 401, site_manager: 401, evaluator: 401, administrator: 401 },
};

const actionNames = Object.keys(actions) as ActionName[];
const cells = actionNames.flatMap((action) =>
  callers.map((caller) => ({ action, caller, status: matrix[action][caller] })),
);

describe('the person’s own space permission matrix', () => {
  it('has an action for every operation permission-routes.ts gives it', () => {
    expectCoverage(personMatrix, actions);
  });

  it.each(cells)('$action as $caller: $status', async ({ action, caller, status }) => {
    expectOutcome(await runAs(actions[action], clientOf(caller)), status);
  });

  it.each(actionNames)('%s is refused to an anonymous caller with 401', async (action) => {
    expectOutcome(await runAs(actions[action], Caller.anonymous(t)), 401);
  });
});
