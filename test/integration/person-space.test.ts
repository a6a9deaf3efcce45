import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionLinks,
  auditEvents,
  cases,
  outboundEmails,
  personSessions,
} from '../../src/server/db/schema';
import type {
  PersonNoteList,
  PersonPlan,
  PersonSession,
} from '../../src/shared/contracts/person-space';
import type { ActionPlan } from '../../src/shared/contracts/plans';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makePerson } from '../helpers/factories';
import {
  invitableCase,
  invitationToken,
  personClient,
  signedInPerson,
} from '../helpers/person-space';

let t: TestApp;
const linkRate = 30;

beforeAll(async () => {
  t = await startTestApp({
    PUBLIC_URL: 'https://passerelle.test',
    ACTION_LINK_RATE_PER_MINUTE: String(linkRate),
  });
});
afterAll(() => t.close());

/** The newest audit events about a case, newest first. */
async function auditOf(caseId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, caseId))
    .orderBy(desc(auditEvents.id));
}

async function invite(linkWorker: Client, caseId: string) {
  return linkWorker.post(`/api/cases/${caseId}/person-invitations`);
}

describe('the invitation', () => {
  it('emails the person a link to their space in their language, the token in the fragment only', async () => {
    const made = await invitableCase(t, { locale: 'fr' });
    const response = await invite(made.linkWorker, made.caseId);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ sentTo: made.email });
    const [email] = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.recipient, made.email ?? ''));
    expect(email?.subject).toMatch(/^Votre plan avec /);
    expect(email?.text).toContain('15 minutes');
    const url = /https:\/\/passerelle\.test\S+/.exec(email?.text ?? '')?.[0] ?? '';
    expect(new URL(url).pathname).toBe('/me/sign-in');
    const token = new URL(url).hash.slice(1);
    expect(token.length).toBeGreaterThan(40);
    // Only the token's hash is kept.
    const [link] = await t.database.db
      .select()
      .from(actionLinks)
      .where(eq(actionLinks.subjectId, made.caseId));
    expect(link?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(link)).not.toContain(token);
    expect(link && (link.expiresAt.getTime() - Date.now()) / 60_000).toBeCloseTo(15, 0);
    const [event] = await auditOf(made.caseId);
    expect(event).toMatchObject({ action: 'person.invited', outcome: 'success' });
    expect(JSON.stringify(event?.details)).not.toContain(token);
  });

  it('is written in English for a person who prefers it', async () => {
    const made = await invitableCase(t, { locale: 'en' });
    expect((await invite(made.linkWorker, made.caseId)).statusCode).toBe(201);
    const [email] = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.recipient, made.email ?? ''));
    expect(email?.subject).toMatch(/^Your plan with /);
  });

  it('is refused for a person without an email, saying so', async () => {
    const made = await invitableCase(t, { email: null });
    const response = await invite(made.linkWorker, made.caseId);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('person_has_no_email');
  });

  it('is refused before the person said yes to support', async () => {
    const made = await invitableCase(t);
    const waiting = await makeCase(t.database.db, made.siteId, {
      personId: (await makePerson(t.database.db, made.siteId, { email: 'w@example.org' })).id,
    });
    const response = await invite(made.linkWorker, waiting.id);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('case_not_accepted');
  });

  it('is refused to a link worker of another site', async () => {
    const made = await invitableCase(t);
    const other = await invitableCase(t);
    const response = await invite(other.linkWorker, made.caseId);
    expect(response.statusCode).toBe(404);
  });
});

describe('signing in by link', () => {
  it('opens a person session that reads their own plan, and no more of the case', async () => {
    const made = await invitableCase(t);
    const marker = 'SECRET-MARKER-42';
    const worker = made.linkWorker;
    const plan = await worker.request('PUT', `/api/cases/${made.caseId}/plan`, {
      goals: [
        {
          text: 'Sortir de chez moi deux fois par semaine',
          steps: [
            { text: 'Appeler le club de marche', owner: 'person', dueOn: null },
            { text: 'Trouver un transport', owner: 'link_worker', dueOn: null, done: true },
          ],
        },
      ],
      agreedOn: null,
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const assessment = await worker.request('PUT', `/api/cases/${made.caseId}/assessment`, {
      whatMatters: marker,
      strengths: marker,
      barrierNotes: marker,
    });
    expect(assessment.statusCode, assessment.body).toBe(200);
    expect(
      (await worker.post(`/api/cases/${made.caseId}/notes`, { body: marker })).statusCode,
    ).toBe(201);
    const concern = await worker.post(`/api/cases/${made.caseId}/safeguarding`, {
      level: 'concern',
      description: marker,
    });
    expect(concern.statusCode, concern.body).toBe(201);

    expect((await invite(worker, made.caseId)).statusCode).toBe(201);
    const person = await personClient(t, await invitationToken(t, made.email ?? ''));
    const session = await person.get('/api/person/session');
    expect(session.statusCode).toBe(200);
    expect(session.json<PersonSession>()).toMatchObject({
      givenName: 'Camille',
      locale: 'fr',
      cases: [{ id: made.caseId }],
    });
    const read = await person.get(`/api/person/cases/${made.caseId}/plan`);
    expect(read.statusCode, read.body).toBe(200);
    const view = read.json<PersonPlan>();
    expect(view.goals).toEqual([
      {
        id: expect.any(String),
        text: 'Sortir de chez moi deux fois par semaine',
        steps: [
          {
            id: expect.any(String),
            text: 'Appeler le club de marche',
            owner: 'person',
            dueOn: null,
            done: false,
          },
          {
            id: expect.any(String),
            text: 'Trouver un transport',
            owner: 'link_worker',
            dueOn: null,
            done: true,
          },
        ],
      },
    ]);
    expect(view.linkWorker?.email).toMatch(/@/);
    expect(Object.keys(view).toSorted()).toEqual(
      [
        'agreedOn',
        'canChange',
        'caseId',
        'goals',
        'linkWorker',
        'notes',
        'organisationName',
        'siteName',
      ].toSorted(),
    );
    for (const body of [session.body, read.body]) expect(body).not.toContain(marker);

    const events = await auditOf(made.caseId);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['person.signed_in', 'person.plan_viewed']),
    );
    const viewed = events.find((e) => e.action === 'person.plan_viewed');
    expect(viewed).toMatchObject({ actorId: null, details: { via: 'person_session' } });
  });

  it('refuses a link used once already', async () => {
    const made = await invitableCase(t);
    await invite(made.linkWorker, made.caseId);
    const token = await invitationToken(t, made.email ?? '');
    await personClient(t, token);
    const again = await new Client(t.app).post('/api/person/sign-in', { token });
    expect(again.statusCode).toBe(410);
    expect(errorOf(again).code).toBe('link_used');
  });

  it('refuses an older link once a newer invitation was sent', async () => {
    const made = await invitableCase(t);
    await invite(made.linkWorker, made.caseId);
    const older = await invitationToken(t, made.email ?? '');
    await invite(made.linkWorker, made.caseId);
    const newer = await invitationToken(t, made.email ?? '');
    expect(newer).not.toBe(older);
    const refused = await new Client(t.app).post('/api/person/sign-in', { token: older });
    expect(errorOf(refused).code).toBe('link_expired');
    await personClient(t, newer);
  });

  it('refuses a link after its 15 minutes', async () => {
    const made = await invitableCase(t);
    await invite(made.linkWorker, made.caseId);
    const token = await invitationToken(t, made.email ?? '');
    await t.database.db
      .update(actionLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(actionLinks.subjectId, made.caseId));
    const response = await new Client(t.app, 'fr').post('/api/person/sign-in', { token });
    expect(response.statusCode).toBe(410);
    expect(errorOf(response)).toMatchObject({ code: 'link_expired' });
    expect(errorOf(response).message).toMatch(/expiré/);
  });

  it('refuses a wrong token, a forged one and another kind of link alike, and audits it', async () => {
    const made = await invitableCase(t);
    await invite(made.linkWorker, made.caseId);
    const token = await invitationToken(t, made.email ?? '');
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const wrong of ['not-a-token', forged]) {
      const response = await new Client(t.app).post('/api/person/sign-in', { token: wrong });
      expect(response.statusCode).toBe(404);
      expect(errorOf(response).code).toBe('link_invalid');
    }
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.subjectType, 'action_link')),
      )
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(denied[0]?.details).toMatchObject({ attempted: 'POST /api/person/sign-in' });
    // The genuine link still works.
    await personClient(t, token);
  });

  it('refuses a link of a case closed since it was sent', async () => {
    const made = await invitableCase(t);
    await invite(made.linkWorker, made.caseId);
    const token = await invitationToken(t, made.email ?? '');
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date() })
      .where(eq(cases.id, made.caseId));
    const response = await new Client(t.app).post('/api/person/sign-in', { token });
    expect(errorOf(response).code).toBe('link_invalid');
  });

  it('is limited per client address like the other emailed-link pages', async () => {
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/person/sign-in',
        payload: { token: 'not-a-token' },
        remoteAddress: '10.77.0.1',
      });
    for (let i = 0; i < linkRate; i += 1) expect((await post()).statusCode).toBe(404);
    const refused = await post();
    expect(refused.statusCode).toBe(429);
    expect(errorOf(refused).code).toBe('rate_limited');
  });
});

describe('a person session', () => {
  it('is refused by staff routes, even on their own case', async () => {
    const { client, caseId } = await signedInPerson(t);
    for (const url of [`/api/cases/${caseId}`, `/api/cases/${caseId}/plan`, '/api/auth/session']) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(401);
      expect(errorOf(response).code).toBe('unauthenticated');
    }
  });

  it('is the only session the person routes read: a staff session gets nothing there', async () => {
    const made = await invitableCase(t);
    const response = await made.linkWorker.get('/api/person/session');
    expect(response.statusCode).toBe(401);
    const plan = await made.linkWorker.get(`/api/person/cases/${made.caseId}/plan`);
    expect(plan.statusCode).toBe(401);
  });

  it('refuses another person’s case as not found, and audits it as denied', async () => {
    const { client } = await signedInPerson(t);
    const other = await invitableCase(t);
    const response = await client.get(`/api/person/cases/${other.caseId}/plan`);
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
    const [event] = await auditOf(other.caseId);
    expect(event).toMatchObject({
      action: 'access.denied',
      outcome: 'denied',
      actorId: null,
      details: {
        attempted: 'GET /api/person/cases/:caseId/plan',
        refusal: 'not_found',
        via: 'person_session',
      },
    });
  });

  it('refuses one of their own cases they have not said yes to', async () => {
    const { client, personId, siteId } = await signedInPerson(t);
    const waiting = await makeCase(t.database.db, siteId, { personId });
    expect((await client.get(`/api/person/cases/${waiting.id}/plan`)).statusCode).toBe(404);
    const cases = (await client.get('/api/person/session')).json<PersonSession>().cases;
    expect(cases.map((c) => c.id)).not.toContain(waiting.id);
  });

  it('ends after 30 minutes idle', async () => {
    const { client, personId } = await signedInPerson(t);
    await t.database.db
      .update(personSessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(personSessions.personId, personId));
    expect((await client.get('/api/person/session')).statusCode).toBe(401);
  });

  it('ends after its few hours however active', async () => {
    const { client, personId } = await signedInPerson(t);
    await t.database.db
      .update(personSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(personSessions.personId, personId));
    expect((await client.get('/api/person/session')).statusCode).toBe(401);
  });

  it('takes a write only with its own CSRF token, and ends on sign-out (audited)', async () => {
    const { client, caseId } = await signedInPerson(t);
    const token = client.csrfToken;
    client.csrfToken = undefined;
    const forged = await client.post('/api/person/sign-out');
    expect(forged.statusCode).toBe(403);
    expect(errorOf(forged).code).toBe('csrf_failed');
    client.csrfToken = token;
    expect((await client.post('/api/person/sign-out')).statusCode).toBe(204);
    expect((await client.get('/api/person/session')).statusCode).toBe(401);
    const [event] = await auditOf(caseId);
    expect(event).toMatchObject({
      action: 'person.signed_out',
      details: { via: 'person_session' },
    });
  });

  it('keeps no account: the audit trail names the person, not an account', async () => {
    const { caseId } = await signedInPerson(t);
    const administrator = await makeAccount(t.database.db, [{ role: 'administrator' }]);
    const admin = new Client(t.app);
    await admin.signIn(administrator.email, administrator.password);
    const trail = await admin.get(`/api/audit-events?subjectId=${caseId}`);
    expect(trail.statusCode, trail.body).toBe(200);
    const kinds = trail
      .json<{ items: { action: string; actorKind: string }[] }>()
      .items.filter((e) => e.action === 'person.signed_in')
      .map((e) => e.actorKind);
    expect(kinds).toEqual(['person_session']);
  });
});

describe('what the person does in their space', () => {
  async function withPlan(): Promise<{
    person: Client;
    linkWorker: Client;
    caseId: string;
    stepId: string;
  }> {
    const made = await invitableCase(t);
    const saved = await made.linkWorker.request('PUT', `/api/cases/${made.caseId}/plan`, {
      goals: [
        { text: 'Chanter', steps: [{ text: 'Trouver une chorale', owner: 'person', dueOn: null }] },
      ],
      agreedOn: null,
    });
    const stepId = saved.json<ActionPlan>().goals[0]?.steps[0]?.id ?? '';
    await invite(made.linkWorker, made.caseId);
    const person = await personClient(t, await invitationToken(t, made.email ?? ''));
    return { person, linkWorker: made.linkWorker, caseId: made.caseId, stepId };
  }

  it('marks a step done, which the link worker sees on the case (audited)', async () => {
    const { person, linkWorker, caseId, stepId } = await withPlan();
    const before = (await linkWorker.get(`/api/cases/${caseId}/plan`)).json<ActionPlan>();
    const done = await person.post(`/api/person/cases/${caseId}/plan/steps/${stepId}/done`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<PersonPlan>().goals[0]?.steps[0]?.done).toBe(true);
    const after = (await linkWorker.get(`/api/cases/${caseId}/plan`)).json<ActionPlan>();
    expect(after.goals[0]?.steps[0]).toMatchObject({ id: stepId, done: true });
    // An edit the link worker read before is stale rather than undoing it.
    expect(after.version).toBe(before.version + 1);
    const event = (await auditOf(caseId)).find((e) => e.action === 'person.step_done');
    expect(event).toMatchObject({
      actorId: null,
      details: { via: 'person_session', stepId },
    });
  });

  it('finds no step the plan does not have', async () => {
    const { person, caseId } = await withPlan();
    const response = await person.post(
      `/api/person/cases/${caseId}/plan/steps/${randomUUID()}/done`,
    );
    expect(response.statusCode).toBe(404);
  });

  it('writes a note for the link worker, shown on the case (audited)', async () => {
    const { person, linkWorker, caseId } = await withPlan();
    const added = await person.post(`/api/person/cases/${caseId}/notes`, {
      body: 'J’ai appelé la chorale, ils répètent le jeudi.',
    });
    expect(added.statusCode, added.body).toBe(201);
    const seen = await linkWorker.get(`/api/cases/${caseId}/person-notes`);
    expect(seen.json<PersonNoteList>().items.map((n) => n.body)).toEqual([
      'J’ai appelé la chorale, ils répètent le jeudi.',
    ]);
    const mine = (await person.get(`/api/person/cases/${caseId}/plan`)).json<PersonPlan>();
    expect(mine.notes.map((n) => n.body)).toEqual([
      'J’ai appelé la chorale, ils répètent le jeudi.',
    ]);
    const actions = (await auditOf(caseId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['person.note_added', 'person_notes.viewed']));
  });

  it('refuses an empty note, naming the field', async () => {
    const { person, caseId } = await withPlan();
    const response = await person.post(`/api/person/cases/${caseId}/notes`, { body: '  ' });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).field).toBe('body');
  });

  it('changes nothing once the case is closed, though the plan stays readable', async () => {
    const { person, caseId, stepId } = await withPlan();
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date() })
      .where(eq(cases.id, caseId));
    const done = await person.post(`/api/person/cases/${caseId}/plan/steps/${stepId}/done`);
    expect(errorOf(done).code).toBe('case_closed');
    const note = await person.post(`/api/person/cases/${caseId}/notes`, { body: 'Bonjour' });
    expect(errorOf(note).code).toBe('case_closed');
    const read = await person.get(`/api/person/cases/${caseId}/plan`);
    expect(read.json<PersonPlan>()).toMatchObject({ canChange: false });
  });

  it('refuses another person’s step and note as not found', async () => {
    const { caseId, stepId } = await withPlan();
    const { client } = await signedInPerson(t);
    const done = await client.post(`/api/person/cases/${caseId}/plan/steps/${stepId}/done`);
    expect(done.statusCode).toBe(404);
    const note = await client.post(`/api/person/cases/${caseId}/notes`, { body: 'Bonjour' });
    expect(note.statusCode).toBe(404);
  });
});
