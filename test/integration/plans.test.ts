import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  ActionPlan,
  Assessment,
  FollowUp,
  FollowUpList,
  PlanPrintView,
  PlanReview,
} from '../../src/shared/contracts/plans';
import { auditEvents, cases, followUps, outboundEmails } from '../../src/server/db/schema';
import { followUpRemindersJob, sendFollowUpReminders } from '../../src/server/features/plans';
import { Client, errorOf, type TestApp } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase } from '../helpers/factories';
import type { SmtpCapture } from '../helpers/smtp';
import { siteDay } from '../helpers/site-day';

let t: TestApp;
let mail: SmtpCapture;
let homeSiteId: string;
let linkWorker: { id: string; email: string; client: Client };
let manager: Client;
let referrer: { id: string; client: Client };
let others: Record<'otherSiteLinkWorker' | 'partner' | 'evaluator' | 'administrator', Client>;

function put(client: Client, url: string, body: unknown): ReturnType<Client['get']> {
  return client.request('PUT', url, body);
}

let cast: Cast;
beforeAll(async () => {
  cast = await startCast();
  ({ t, mail, homeSiteId, linkWorker, referrer, others } = cast);
  manager = cast.manager.client;
});
afterAll(() => cast.close());
beforeEach(() => mail.clear());

/** A case of the home site, referred by the home referrer and assigned to the link worker. */
async function assignedCase(): Promise<{ id: string; reference: string }> {
  const made = await makeCase(t.database.db, homeSiteId, { referrerAccountId: referrer.id });
  await t.database.db
    .update(cases)
    .set({ status: 'active', assignedTo: linkWorker.id })
    .where(eq(cases.id, made.id));
  return made;
}

async function closeCase(caseId: string): Promise<void> {
  await t.database.db
    .update(cases)
    .set({ status: 'discharged', closedAt: new Date(), closureReason: 'goals_met' })
    .where(eq(cases.id, caseId));
}

async function auditActions(caseId: string): Promise<{ action: string; details: unknown }[]> {
  return t.database.db
    .select({ action: auditEvents.action, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'case'), eq(auditEvents.subjectId, caseId)));
}

const assessmentBody = {
  whatMatters: 'Seeing my grandchildren more often',
  needs: { social_connection: 'high', physical_activity: 'some' },
  strengths: 'Good cook, knows the neighbourhood',
  interests: 'Gardening, choir singing',
  barriers: ['transport', 'confidence'],
  barrierNotes: 'No car since March',
  completed: false,
};

describe('assessment', () => {
  it('starts empty, is created at version 1 and changed at the version read', async () => {
    const { id } = await assignedCase();
    const empty = await linkWorker.client.get(`/api/cases/${id}/assessment`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json<Assessment>()).toMatchObject({
      version: 0,
      whatMatters: null,
      needs: {},
      barriers: [],
      permissions: { canEdit: true },
    });

    const first = await put(linkWorker.client, `/api/cases/${id}/assessment`, assessmentBody);
    expect(first.statusCode).toBe(200);
    expect(first.json<Assessment>()).toMatchObject({
      whatMatters: assessmentBody.whatMatters,
      needs: assessmentBody.needs,
      strengths: assessmentBody.strengths,
      interests: assessmentBody.interests,
      barriers: assessmentBody.barriers,
      barrierNotes: assessmentBody.barrierNotes,
      version: 1,
      completedAt: null,
    });

    const second = await put(manager, `/api/cases/${id}/assessment`, {
      ...assessmentBody,
      completed: true,
      version: 1,
    });
    expect(second.statusCode).toBe(200);
    const completed = second.json<Assessment>();
    expect(completed.version).toBe(2);
    expect(completed.completedAt).not.toBeNull();

    const read = (await linkWorker.client.get(`/api/cases/${id}/assessment`)).json<Assessment>();
    expect(read).toMatchObject({ version: 2, barriers: ['transport', 'confidence'] });

    const audit = await auditActions(id);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['assessment.viewed', 'assessment.saved']),
    );
    const written = JSON.stringify(audit);
    expect(written).not.toContain('grandchildren');
    expect(written).not.toContain('car');
  });

  it('refuses a stale save, and a second first save, saying someone else changed it', async () => {
    const { id } = await assignedCase();
    expect(
      (await put(linkWorker.client, `/api/cases/${id}/assessment`, assessmentBody)).statusCode,
    ).toBe(200);
    const again = await put(manager, `/api/cases/${id}/assessment`, assessmentBody);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'stale_version', field: 'version' });
    expect(errorOf(again).message).toMatch(/someone else changed/i);
    await put(linkWorker.client, `/api/cases/${id}/assessment`, { ...assessmentBody, version: 1 });
    const stale = await put(manager, `/api/cases/${id}/assessment`, {
      ...assessmentBody,
      whatMatters: 'lost',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    const read = (await linkWorker.client.get(`/api/cases/${id}/assessment`)).json<Assessment>();
    expect(read.whatMatters).toBe(assessmentBody.whatMatters);
  });

  it('validates needs and barriers against the shared lists', async () => {
    const { id } = await assignedCase();
    const response = await put(linkWorker.client, `/api/cases/${id}/assessment`, {
      ...assessmentBody,
      needs: { astrology: 'high' },
      barriers: ['weather'],
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('validation_failed');
  });
});

const planBody = {
  goals: [
    {
      text: 'Je veux retrouver du monde le mardi',
      steps: [
        { text: 'Appeler la chorale', owner: 'person', dueOn: siteDay(7), done: false },
        { text: 'Trouver un transport', owner: 'link_worker', dueOn: siteDay(10), done: false },
      ],
    },
  ],
  agreedOn: siteDay(0),
};

describe('action plan', () => {
  it('gives new goals and steps ids, keeps them on later saves and schedules follow-ups once', async () => {
    const { id } = await assignedCase();
    const first = await put(linkWorker.client, `/api/cases/${id}/plan`, planBody);
    expect(first.statusCode).toBe(200);
    const plan = first.json<ActionPlan>();
    expect(plan.version).toBe(1);
    const goal = plan.goals[0];
    expect(goal?.id).toMatch(/[0-9a-f-]{36}/);
    expect(goal?.steps.map((s) => s.owner)).toEqual(['person', 'link_worker']);

    const [personStep, workerStep] = goal?.steps ?? [];
    const second = await put(linkWorker.client, `/api/cases/${id}/plan`, {
      version: 1,
      agreedOn: planBody.agreedOn,
      reviewOn: siteDay(30),
      goals: [
        {
          id: goal?.id,
          text: goal?.text,
          steps: [
            {
              id: personStep?.id,
              text: personStep?.text,
              owner: 'person',
              dueOn: personStep?.dueOn,
              done: true,
            },
            {
              id: workerStep?.id,
              text: workerStep?.text,
              owner: 'link_worker',
              dueOn: workerStep?.dueOn,
            },
          ],
        },
      ],
    });
    expect(second.statusCode).toBe(200);
    const saved = second.json<ActionPlan>();
    expect(saved.version).toBe(2);
    expect(saved.goals[0]?.id).toBe(goal?.id);
    expect(saved.goals[0]?.steps.map((s) => s.id)).toEqual([personStep?.id, workerStep?.id]);
    expect(saved.goals[0]?.steps[0]).toMatchObject({ done: true });
    expect(saved.goals[0]?.steps[0]?.doneAt).not.toBeNull();

    const list = (await linkWorker.client.get(`/api/cases/${id}/follow-ups`)).json<FollowUpList>();
    expect(list.items.map((f) => [f.kind, f.dueOn])).toEqual([
      ['call', siteDay(10)],
      ['review', siteDay(30)],
    ]);
    const audit = await auditActions(id);
    expect(audit.map((a) => a.action)).toContain('plan.saved');
    expect(JSON.stringify(audit)).not.toContain('chorale');
  });

  it('refuses an agreed date in the future and a stale save', async () => {
    const { id } = await assignedCase();
    const future = await put(linkWorker.client, `/api/cases/${id}/plan`, {
      ...planBody,
      agreedOn: siteDay(3),
    });
    expect(future.statusCode).toBe(400);
    expect(errorOf(future)).toMatchObject({ code: 'date_in_future', field: 'agreedOn' });

    expect((await put(linkWorker.client, `/api/cases/${id}/plan`, planBody)).statusCode).toBe(200);
    expect(
      (await put(manager, `/api/cases/${id}/plan`, { ...planBody, version: 1 })).statusCode,
    ).toBe(200);
    const stale = await put(linkWorker.client, `/api/cases/${id}/plan`, {
      ...planBody,
      goals: [],
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    const read = (await linkWorker.client.get(`/api/cases/${id}/plan`)).json<ActionPlan>();
    expect(read.goals).toHaveLength(1);
  });

  it('records reviews and lists them with the plan', async () => {
    const { id } = await assignedCase();
    const created = await linkWorker.client.post(`/api/cases/${id}/plan/reviews`, {
      reviewedOn: siteDay(0),
      notes: 'Goes to choir every week now',
    });
    expect(created.statusCode).toBe(201);
    const review = created.json<PlanReview>();
    const plan = (await linkWorker.client.get(`/api/cases/${id}/plan`)).json<ActionPlan>();
    expect(plan.reviews).toEqual([review]);
    expect(plan.reviews[0]?.recordedByName).toBeTruthy();
  });

  it('gives the printout in the person\u2019s language, and audits it', async () => {
    const { id, reference } = await assignedCase();
    await put(linkWorker.client, `/api/cases/${id}/plan`, planBody);
    const response = await linkWorker.client.get(`/api/cases/${id}/plan/print-view`);
    expect(response.statusCode).toBe(200);
    const view = response.json<PlanPrintView>();
    expect(view).toMatchObject({ caseReference: reference, language: 'fr', givenName: 'Camille' });
    expect(view.goals[0]?.steps).toHaveLength(2);
    expect(view.linkWorkerName).toBeTruthy();
    expect((await auditActions(id)).map((a) => a.action)).toContain('plan.printed');
  });
});

describe('follow-ups', () => {
  it('are scheduled, moved and marked done at the version read', async () => {
    const { id } = await assignedCase();
    const created = await linkWorker.client.post(`/api/cases/${id}/follow-ups`, {
      kind: 'measurement',
      dueOn: siteDay(90),
    });
    expect(created.statusCode).toBe(201);
    const followUp = created.json<FollowUp>();
    expect(followUp).toMatchObject({ kind: 'measurement', version: 1, doneAt: null });

    const moved = await linkWorker.client.patch(`/api/follow-ups/${followUp.id}`, {
      dueOn: siteDay(95),
      version: 1,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<FollowUp>()).toMatchObject({ dueOn: siteDay(95), version: 2 });

    const stale = await manager.patch(`/api/follow-ups/${followUp.id}`, { done: true, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');

    const done = await manager.patch(`/api/follow-ups/${followUp.id}`, { done: true, version: 2 });
    expect(done.statusCode).toBe(200);
    expect(done.json<FollowUp>().doneAt).not.toBeNull();

    const empty = await linkWorker.client.patch(`/api/follow-ups/${followUp.id}`, { version: 3 });
    expect(empty.statusCode).toBe(400);
  });

  it('remind the assigned link worker once, in their language, without personal details', async () => {
    const { id, reference } = await assignedCase();
    const [due] = await t.database.db
      .insert(followUps)
      .values({ caseId: id, kind: 'call', dueOn: siteDay(-1), note: 'Ask Camille about the bus' })
      .returning({ id: followUps.id });
    await t.database.db.insert(followUps).values({ caseId: id, kind: 'review', dueOn: siteDay(5) });

    await t.runJob(followUpRemindersJob);
    const queued = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, 'follow_up.reminder'));
    expect(queued.filter((e) => e.recipient === linkWorker.email)).toHaveLength(1);

    await t.deliverEmails();
    const email = await mail.waitFor((e) => e.to.includes(linkWorker.email.toLowerCase()));
    expect(email.subject).toContain(`Suivi prévu pour ${reference}`);
    expect(email.subject).toContain('appel');
    expect(email.links).toEqual([`https://passerelle.example/cases/${id}`]);
    expect(email.text).not.toContain('Camille');
    expect(email.text).not.toContain('bus');

    // Another pass, even on a later day, never reminds it again.
    await t.runJob(followUpRemindersJob);
    expect(
      await sendFollowUpReminders(
        t.database.db,
        new Date(Date.now() + 86_400_000),
        'https://x.example',
      ),
    ).toBe(0);
    await t.deliverEmails();
    expect(
      mail.messages().filter((e) => e.to.includes(linkWorker.email.toLowerCase())),
    ).toHaveLength(1);
    const [row] = await t.database.db
      .select()
      .from(followUps)
      .where(eq(followUps.id, due?.id ?? ''));
    expect(row?.remindedAt).not.toBeNull();
  });

  it('are not reminded when done, or when the case is closed', async () => {
    const { id } = await assignedCase();
    await t.database.db
      .insert(followUps)
      .values({ caseId: id, kind: 'call', dueOn: siteDay(-2), doneAt: new Date() });
    const closed = await assignedCase();
    await t.database.db
      .insert(followUps)
      .values({ caseId: closed.id, kind: 'call', dueOn: siteDay(-2) });
    await closeCase(closed.id);
    const before = (await t.database.db.select().from(outboundEmails)).length;
    await t.runJob(followUpRemindersJob);
    expect((await t.database.db.select().from(outboundEmails)).length).toBe(before);
  });
});

describe('who may see and change a plan', () => {
  it('refuses other roles (403), hides the case from another site (404)', async () => {
    const { id } = await assignedCase();
    const urls = [
      `/api/cases/${id}/assessment`,
      `/api/cases/${id}/plan`,
      `/api/cases/${id}/follow-ups`,
      `/api/cases/${id}/plan/print-view`,
    ];
    for (const url of urls) {
      expect((await others.otherSiteLinkWorker.get(url)).statusCode).toBe(404);
      expect((await referrer.client.get(url)).statusCode).toBe(403);
      for (const client of [others.partner, others.evaluator, others.administrator]) {
        expect((await client.get(url)).statusCode).toBe(403);
      }
    }
    const write = await put(others.otherSiteLinkWorker, `/api/cases/${id}/plan`, planBody);
    expect(write.statusCode).toBe(404);
    expect(
      (await put(referrer.client, `/api/cases/${id}/assessment`, assessmentBody)).statusCode,
    ).toBe(403);
  });

  it('keeps a closed case read-only: reads say so, writes get 409 case_closed', async () => {
    const { id } = await assignedCase();
    await put(linkWorker.client, `/api/cases/${id}/plan`, planBody);
    const [followUp] = await t.database.db
      .insert(followUps)
      .values({ caseId: id, kind: 'call', dueOn: siteDay(3) })
      .returning({ id: followUps.id });
    await closeCase(id);
    const plan = (await linkWorker.client.get(`/api/cases/${id}/plan`)).json<ActionPlan>();
    expect(plan.permissions.canEdit).toBe(false);
    const writes = [
      put(linkWorker.client, `/api/cases/${id}/assessment`, assessmentBody),
      put(linkWorker.client, `/api/cases/${id}/plan`, { ...planBody, version: 1 }),
      linkWorker.client.post(`/api/cases/${id}/plan/reviews`, {
        reviewedOn: siteDay(0),
        notes: 'x',
      }),
      linkWorker.client.post(`/api/cases/${id}/follow-ups`, { kind: 'call', dueOn: siteDay(1) }),
      linkWorker.client.patch(`/api/follow-ups/${followUp?.id ?? ''}`, { done: true, version: 1 }),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.statusCode).toBe(409);
      expect(errorOf(response).code).toBe('case_closed');
    }
  });
});
