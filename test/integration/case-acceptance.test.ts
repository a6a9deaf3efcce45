import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, ActionPlan, FollowUpList } from '../../src/shared/contracts/plans';
import type { ConnectionList } from '../../src/shared/contracts/connections';
import type { CaseOutcomes, MeasurementLink } from '../../src/shared/contracts/outcomes';
import {
  actionPlans,
  cases,
  connections,
  followUps,
  measurements,
  questionnaireRequests,
} from '../../src/server/db/schema';
import { resources } from '../../src/shared/locales';
import { Client, errorOf, type TestApp } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { acceptCase, makeAccount, makeCase } from '../helpers/factories';
import { siteDay, yearAhead } from '../helpers/site-day';
const inFourYears = yearAhead(4);

/*
 * The plan, its follow-ups, connections and outcome questionnaires start once the person
 * said yes to support: the case screen shows none of them before, and the server takes none
 * of them before either, whoever asks and in whichever words the refusal is read.
 */

let cast: Cast;
let t: TestApp;
let linkWorker: Client;
let manager: Client;
beforeAll(async () => {
  cast = await startCast();
  t = cast.t;
  linkWorker = cast.linkWorker.client;
  manager = cast.manager.client;
});
afterAll(() => cast.close());

const today = (): string => siteDay();

/** A case the link worker took from the queue: assigned, the person not asked yet. */
async function assignedCase(): Promise<string> {
  const { id } = await makeCase(t.database.db, cast.homeSiteId, {
    referrerAccountId: cast.referrer.id,
  });
  const taken = await linkWorker.post(`/api/cases/${id}/take`, { version: 1 });
  expect(taken.statusCode).toBe(200);
  expect(taken.json<{ status: string; acceptance: string }>()).toMatchObject({
    status: 'assigned',
    acceptance: 'awaiting',
  });
  return id;
}

/** What the writes below would leave on a case. */
async function rowsOf(caseId: string): Promise<Record<string, number>> {
  const db = t.database.db;
  const tally = async (
    table:
      | typeof actionPlans
      | typeof followUps
      | typeof connections
      | typeof measurements
      | typeof questionnaireRequests,
  ): Promise<number> => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.caseId, caseId));
    return row?.n ?? 0;
  };
  return {
    plans: await tally(actionPlans),
    followUps: await tally(followUps),
    connections: await tally(connections),
    measurements: await tally(measurements),
    questionnaireRequests: await tally(questionnaireRequests),
  };
}

const nothing = {
  plans: 0,
  followUps: 0,
  connections: 0,
  measurements: 0,
  questionnaireRequests: 0,
};

/** Each write that waits for the person's yes, as the case screen would send it. */
const writes: [
  name: string,
  send: (client: Client, caseId: string) => Promise<LightMyRequestResponse>,
][] = [
  [
    'saving the action plan',
    (client, caseId) =>
      client.request('PUT', `/api/cases/${caseId}/plan`, {
        goals: [{ text: 'Sing again', steps: [{ text: 'Call the choir', owner: 'person' }] }],
        reviewOn: `${inFourYears}-01-05`,
      }),
  ],
  [
    'adding a follow-up',
    (client, caseId) =>
      client.post(`/api/cases/${caseId}/follow-ups`, {
        kind: 'call',
        dueOn: `${inFourYears}-01-05`,
      }),
  ],
  [
    'proposing a connection',
    (client, caseId) =>
      client.post(`/api/cases/${caseId}/connections`, {
        organisationName: 'Chorale du quartier',
        activity: 'Singing',
        personWants: 'Sing with others',
      }),
  ],
  [
    'recording a questionnaire',
    (client, caseId) =>
      client.post(`/api/cases/${caseId}/measurements`, {
        instrumentId: 'ucla3',
        timepoint: 'baseline',
        takenOn: today(),
        answers: { companionship: 1, left_out: 2, isolated: 1 },
      }),
  ],
  [
    'making a questionnaire link',
    (client, caseId) =>
      client.post(`/api/cases/${caseId}/measurement-links`, {
        instrumentIds: ['ons4'],
        timepoint: 'baseline',
        sendByEmail: false,
      }),
  ],
];

describe('before the person accepts support', () => {
  it.each(writes)(
    '%s is refused with 409 case_not_accepted and changes nothing',
    async (_, send) => {
      const caseId = await assignedCase();
      const response = await send(manager, caseId);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(409);
      expect(errorOf(response)).toEqual({
        code: 'case_not_accepted',
        message: resources.en.errors.case_not_accepted,
      });
      expect(await rowsOf(caseId)).toEqual(nothing);
    },
  );

  it('refuses a new case still in the queue the same way', async () => {
    const { id } = await makeCase(t.database.db, cast.homeSiteId);
    for (const [name, send] of writes) {
      const response = await send(manager, id);
      expect(response.statusCode, name).toBe(409);
      expect(errorOf(response).code, name).toBe('case_not_accepted');
    }
    expect(await rowsOf(id)).toEqual(nothing);
  });

  it('says so in French to an account in French, and to a browser asking for French', async () => {
    const caseId = await assignedCase();
    const french = resources.fr.errors.case_not_accepted;
    expect(french).toContain('\u202f:');
    for (const [name, send] of writes) {
      // The link worker's account is in French; their client sends Accept-Language: en.
      const response = await send(linkWorker, caseId);
      expect(response.statusCode, name).toBe(409);
      expect(errorOf(response), name).toEqual({ code: 'case_not_accepted', message: french });
    }
    // A site manager whose account names no language, whose browser asks for French.
    const account = await makeAccount(t.database.db, [
      { role: 'site_manager', siteId: cast.homeSiteId },
    ]);
    const browser = new Client(t.app, 'fr-CA,fr;q=0.9');
    expect((await browser.signIn(account.email, account.password)).statusCode).toBe(200);
    for (const [name, send] of writes) {
      const response = await send(browser, caseId);
      expect(response.statusCode, name).toBe(409);
      expect(errorOf(response), name).toEqual({ code: 'case_not_accepted', message: french });
    }
    expect(await rowsOf(caseId)).toEqual(nothing);
  });

  it('refuses correcting or setting aside a questionnaire recorded on the case before', async () => {
    const caseId = await assignedCase();
    // A questionnaire left by an older version of the server, before its yes was asked for.
    const [made] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    if (!made) throw new Error('no case');
    const [old] = await t.database.db
      .insert(measurements)
      .values({
        caseId,
        personId: made.personId,
        siteId: made.siteId,
        instrumentId: 'ucla3',
        instrumentVersion: 1,
        timepoint: 'baseline',
        takenOn: today(),
        answeredBy: 'link_worker',
        complete: false,
      })
      .returning();
    if (!old) throw new Error('no measurement');
    const amended = await manager.post(`/api/cases/${caseId}/measurements/${old.id}/amendments`, {
      timepoint: 'baseline',
      takenOn: today(),
      answers: { companionship: 3, left_out: 3, isolated: 3 },
    });
    expect(amended.statusCode).toBe(409);
    expect(errorOf(amended).code).toBe('case_not_accepted');
    const voided = await manager.post(`/api/cases/${caseId}/measurements/${old.id}/void`, {
      reason: 'entered_in_error',
    });
    expect(voided.statusCode).toBe(409);
    expect(errorOf(voided).code).toBe('case_not_accepted');
    const rows = await t.database.db
      .select()
      .from(measurements)
      .where(eq(measurements.caseId, caseId));
    expect(rows).toEqual([old]);
  });

  it('takes no answers through a questionnaire link of a case without the yes', async () => {
    const caseId = await assignedCase();
    // A link sent before the yes was asked for: made on an accepted case, then set back.
    await acceptCase(t.database.db, caseId, cast.linkWorker.id);
    const made = await manager.post(`/api/cases/${caseId}/measurement-links`, {
      instrumentIds: ['ucla3'],
      timepoint: 'baseline',
      sendByEmail: false,
    });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(201);
    const token = made.json<MeasurementLink>().url.split('/questionnaire/')[1] ?? '';
    await t.database.db
      .update(cases)
      .set({ status: 'assigned', acceptedAt: null, outcomeCode: null })
      .where(eq(cases.id, caseId));
    const answered = await new Client(t.app).post(`/api/questionnaires/${token}`, {
      answers: { ucla3: { companionship: 1, left_out: 1, isolated: 2 } },
    });
    expect(answered.statusCode).toBe(404);
    expect(errorOf(answered).code).toBe('link_invalid');
    expect((await rowsOf(caseId)).measurements).toBe(0);
  });

  it('offers none of these writes to the case screen, while "what matters" can be heard already', async () => {
    const caseId = await assignedCase();
    const plan = await manager.get(`/api/cases/${caseId}/plan`);
    expect(plan.json<ActionPlan>().permissions).toEqual({ canEdit: false });
    const list = await manager.get(`/api/cases/${caseId}/follow-ups`);
    expect(list.json<FollowUpList>().permissions).toEqual({ canEdit: false });
    const linked = await manager.get(`/api/cases/${caseId}/connections`);
    expect(linked.json<ConnectionList>().permissions).toEqual({ create: false });
    const outcomes = await manager.get(`/api/cases/${caseId}/measurements`);
    expect(outcomes.json<CaseOutcomes>().permissions).toEqual({
      canRecord: false,
      canSendLink: false,
      canCorrect: false,
    });
    const assessment = await manager.get(`/api/cases/${caseId}/assessment`);
    expect(assessment.json<Assessment>().permissions).toEqual({ canEdit: true });
    const saved = await manager.request('PUT', `/api/cases/${caseId}/assessment`, {
      whatMatters: 'Singing again',
      needs: {},
      barriers: [],
      completed: false,
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(200);
  });
});

describe('once the person accepts support', () => {
  it('takes each of these writes, and the case screen offers them', async () => {
    const caseId = await assignedCase();
    const accepted = await manager.post(`/api/cases/${caseId}/status`, {
      to: 'active',
      version: 2,
    });
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(200);
    expect(accepted.json<{ acceptance: string }>().acceptance).toBe('accepted');

    const plan = await manager.get(`/api/cases/${caseId}/plan`);
    expect(plan.json<ActionPlan>().permissions).toEqual({ canEdit: true });
    const list = await manager.get(`/api/cases/${caseId}/follow-ups`);
    expect(list.json<FollowUpList>().permissions).toEqual({ canEdit: true });
    const linked = await manager.get(`/api/cases/${caseId}/connections`);
    expect(linked.json<ConnectionList>().permissions).toEqual({ create: true });
    const outcomes = await manager.get(`/api/cases/${caseId}/measurements`);
    expect(outcomes.json<CaseOutcomes>().permissions).toEqual({
      canRecord: true,
      canSendLink: true,
      canCorrect: true,
    });

    for (const [name, send] of writes) {
      const response = await send(manager, caseId);
      expect(response.statusCode, `${name}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
    }
    expect(await rowsOf(caseId)).toEqual({
      plans: 1,
      // the plan's review and the follow-up added by hand
      followUps: 2,
      connections: 1,
      measurements: 1,
      questionnaireRequests: 1,
    });
  });
});
